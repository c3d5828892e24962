import { CorrelationKeys } from "../keys/correlation-keys";
import { type ExtractReferencesOptions, extractReferences } from "../references/extract-references";
import { parseLinearIdentifier } from "../references/linear-identifiers";

/** Options for {@link keysOfReference}. */
export type ReferenceKeyOptions = Pick<
  ExtractReferencesOptions,
  "defaultRepository" | "githubHosts" | "teams"
>;

const KEY_NAMESPACES = ["linear:", "github:", "git:", "slack:", "url:"];
const SHA = /^[0-9a-f]{7,40}$/i;

/**
 * The correlation keys a human reference names, most specific first, for looking things
 * up (`CorrelationEngine.getLineageByReference`):
 *
 * - a correlation key as is: `linear:issue:ENG-123`, `github:pr:acme/api#42`;
 * - a Linear identifier in any case: `ENG-123`, `eng-123` → `linear:issue:ENG-123`;
 * - a commit sha, full or short (7+ hex) → `git:sha:…` and `git:sha7:…`;
 * - anything `extractReferences` recognizes: `acme/api#42` (→ `github:number:acme/api#42`,
 *   a pull request or an issue), `#42` with `defaultRepository`, GitHub pull request,
 *   issue and commit URLs, Linear issue URLs, Slack permalinks (the message, then its
 *   thread), any other URL (`url:…`).
 *
 * Returns `[]` when the text names nothing recognizable.
 *
 * @example keysOfReference("https://github.com/acme/api/pull/42") // ["github:pr:acme/api#42"]
 */
export function keysOfReference(reference: string, options: ReferenceKeyOptions = {}): string[] {
  const text = reference.trim();
  if (!text) return [];
  if (KEY_NAMESPACES.some((namespace) => text.startsWith(namespace)) && !/\s/.test(text)) {
    return [text];
  }
  // A whole reference is deliberate, like one after "fixes": lower case counts.
  const identifier = parseLinearIdentifier(text, options, "keyword");
  if (identifier) return [CorrelationKeys.linearIssue(identifier)];
  if (SHA.test(text)) return CorrelationKeys.gitShaKeys(text);
  const keys = extractReferences(text, { ...options, excerpts: false }).map((ref) => ref.key);
  return [...new Set(keys)];
}
