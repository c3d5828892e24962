import { readNumber, readString } from "@contexten/core/adapter";

/** A Linear team key as issue identifiers start with it (`ENG`, `OPS2`). */
const TEAM_KEY = /^[A-Za-z][A-Za-z0-9_]{0,19}$/;

/**
 * An issue's identifier: `identifier` (`ENG-123`), or, when a body lacks it, the one
 * Linear builds from the team's key and the issue's number (`team.key` `ENG` and
 * `number` 123 → `ENG-123`). `undefined` when neither is there.
 */
export function issueIdentifierOf(data: Record<string, unknown>): string | undefined {
  const identifier = readString(data, "identifier");
  if (identifier) return identifier;
  const teamKey = readString(data, "team", "key");
  const number = readNumber(data, "number");
  if (!teamKey || !TEAM_KEY.test(teamKey)) return undefined;
  if (number === undefined || !Number.isSafeInteger(number) || number < 1) return undefined;
  return `${teamKey.toUpperCase()}-${number}`;
}
