import { CorrelationKeys } from "../keys/correlation-keys";
import { plainSpan, type Span } from "./reference-span";

/**
 * `owner/repo#42`. Every quantifier is bounded (owner ≤ 39, repository ≤ 100, number ≤ 10
 * characters), so a match attempt costs a constant however the text is built.
 */
export const OWNER_REPO_NUMBER_PATTERN =
  /(?<![\w./-])([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100})#([1-9][0-9]{0,9})(?!\w)/g;
/** `#42` or `GH-42`, for the default repository; bounded like the pattern above. */
export const BARE_NUMBER_PATTERN = /(?<![\w&/#-])(?:#|GH-)([1-9][0-9]{0,9})(?!\w)/g;

/**
 * Spans for `owner/repo#42` anywhere, and for `#42` / `GH-42` when a default repository is
 * given, each keyed `github:number:…` (a pull request or an issue).
 */
export function findGitHubNumberSpans(text: string, defaultRepository?: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(OWNER_REPO_NUMBER_PATTERN)) {
    const key = CorrelationKeys.githubNumber(`${match[1]}/${match[2]}`, Number(match[3]));
    spans.push(plainSpan(match.index, match[0].length, key));
  }
  if (!defaultRepository) return spans;
  for (const match of text.matchAll(BARE_NUMBER_PATTERN)) {
    const key = CorrelationKeys.githubNumber(defaultRepository, Number(match[1]));
    spans.push(plainSpan(match.index, match[0].length, key));
  }
  return spans;
}
