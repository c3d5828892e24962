import type { CorrelatedEvent } from "@contexten/core";
import type { GitHubClient } from "@contexten/github";
import { ownersOfPaths, readCodeowners } from "./read-codeowners";

/** What {@link codeownersOwnerSource} returns: an owner source for a notification router. */
export interface CodeownersOwnerSource {
  /** The roles of the owners it adds: `codeowners`. */
  readonly roles: readonly ["codeowners"];
  /** The code owners of a GitHub pull request event's changed files (none for other events). */
  owners(event: Pick<CorrelatedEvent, "platform" | "payload">): Promise<CodeOwner[]>;
}

/** Options of {@link codeownersOwnerSource}. */
export interface CodeownersOwnerSourceOptions {
  /** The GitHub client that reads the changed files and CODEOWNERS (its cache and limits apply). */
  client: GitHubClient;
  /** How many pull request heads to remember the owners of (default 200). */
  cacheSize?: number | undefined;
}

/** A code owner of a pull request, in the shape notification routers take owners. */
export interface CodeOwner {
  /** `github` for a `@login`, `email` for an address. */
  platform: "github" | "email";
  /** The GitHub login or the email address. */
  id: string;
  /** The email address, for `email` owners. */
  email?: string | undefined;
  /** Always `codeowners`. */
  role: "codeowners";
  /** Why, for people: `owns src/auth/** (.github/CODEOWNERS line 3): src/auth/session.ts`. */
  reason: string;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

const text = (value: unknown) => (typeof value === "string" && value ? value : undefined);

function pullRequestOf(event: Pick<CorrelatedEvent, "platform" | "payload">) {
  if (event.platform !== "github") return undefined;
  const pull = record(event.payload.pull_request);
  const repository = text(record(event.payload.repository)?.full_name);
  const number = pull?.number;
  if (!pull || !repository || typeof number !== "number") return undefined;
  const base = record(pull.base);
  return {
    repository,
    number,
    // GitHub reads CODEOWNERS from the pull request's base branch as it is now.
    baseRef: text(base?.ref) ?? text(base?.sha),
    headSha: text(record(pull.head)?.sha),
  };
}

/**
 * An owner source for `@contexten/notifications`' router (`ownerSources`): for a GitHub
 * pull request event, the CODEOWNERS owners of its changed files (GitHub's rules: the file
 * from `.github/`, the root or `docs/` of the base branch, the last matching pattern
 * wins; renamed files count under both paths), each with role `codeowners` and the reason.
 * Teams (`@org/team`) are left out: they are not people a router can reach. Other events
 * have none. Owners are remembered per pull request head commit.
 *
 * @example
 * createNotificationRouter({ …, ownerSources: [codeownersOwnerSource({ client: github })],
 *   rules: [{ name: "code-owners", events: { type: "github.pull_request.opened" },
 *             targets: [{ kind: "owners", roles: ["codeowners"] }] }] });
 */
export function codeownersOwnerSource(
  options: CodeownersOwnerSourceOptions,
): CodeownersOwnerSource {
  const { client } = options;
  const cacheSize = options.cacheSize ?? 200;
  const cache = new Map<string, Promise<CodeOwner[]>>();

  async function read(pull: NonNullable<ReturnType<typeof pullRequestOf>>): Promise<CodeOwner[]> {
    const baseRef =
      pull.baseRef ?? (await client.getPullRequest(pull.repository, pull.number)).base.ref;
    const [files, codeowners] = await Promise.all([
      client.listPullRequestFiles(pull.repository, pull.number),
      readCodeowners(client, pull.repository, baseRef),
    ]);
    if (!codeowners) return [];
    const paths = files.flatMap((file) =>
      file.previous_filename ? [file.filename, file.previous_filename] : [file.filename],
    );
    const owners = new Map<string, CodeOwner>();
    for (const { owner, rule, paths: owned } of ownersOfPaths(codeowners.rules, paths)) {
      if (/^@[^/\s]+\/[^/\s]+$/.test(owner)) continue;
      const email = owner.startsWith("@") ? undefined : owner;
      const id = email ?? owner.slice(1);
      const reason = `owns \`${rule.pattern}\` (${codeowners.path} line ${rule.line}): ${owned.join(", ")}`;
      const existing = owners.get(id.toLowerCase());
      if (existing) {
        existing.reason += `; ${reason}`;
        continue;
      }
      owners.set(id.toLowerCase(), {
        platform: email ? "email" : "github",
        id,
        ...(email ? { email } : {}),
        role: "codeowners",
        reason,
      });
    }
    return [...owners.values()];
  }

  async function owners(event: Pick<CorrelatedEvent, "platform" | "payload">) {
    const pull = pullRequestOf(event);
    if (!pull) return [];
    if (!pull.headSha) return read(pull);
    const key = `${pull.repository}#${pull.number}@${pull.headSha}`;
    let pending = cache.get(key);
    if (!pending) {
      pending = read(pull).catch((error: unknown) => {
        cache.delete(key);
        throw error;
      });
      cache.set(key, pending);
      if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
    }
    return pending;
  }

  return { roles: ["codeowners"], owners };
}
