import { EVIDENCE_STRENGTH } from "../correlation/evidence-strength";
import { CorrelationKeys } from "../keys/correlation-keys";
import type { EventRef, Evidence } from "../models/correlated-event";
import { assignKeywords } from "./assign-keywords";
import { excerptAround } from "./excerpt";
import { findUrls } from "./find-urls";
import { findShas } from "./git-shas";
import { findGitHubNumberSpans } from "./github-numbers";
import { findLinearIdentifiers, type LinearIdentifierOptions } from "./linear-identifiers";
import type { GitHubUrlOptions } from "./platform-urls";
import {
  MAX_REFERENCE_SCAN_LENGTH,
  MAX_REFERENCES_PER_FIELD,
  scanWindow,
} from "./reference-limits";
import { type Span, type SpanKey, shaKey } from "./reference-span";
import { keysOfUrl } from "./url-keys";

/** Options for {@link extractReferences}. */
export interface ExtractReferencesOptions extends LinearIdentifierOptions, GitHubUrlOptions {
  /** Where the text comes from (`title`, `body`, `commits[0].message`); stored on each ref. */
  field?: string | undefined;
  /**
   * Evidence for a plain mention (no closing or link-only word before it, not a URL or
   * sha): `title` for titles, `body` (the default) for bodies, descriptions and messages.
   */
  evidence?: Evidence | undefined;
  /** `owner/repo` that bare `#42` and `GH-42` refer to; without it they are ignored. */
  defaultRepository?: string | undefined;
  /** Attach a short excerpt around each match (default true). */
  excerpts?: boolean | undefined;
  /**
   * Read at most this many characters of the text (default
   * {@link MAX_REFERENCE_SCAN_LENGTH}, 65,536), cut at the last whitespace before it.
   */
  maxScanLength?: number | undefined;
  /** Return at most this many references (default {@link MAX_REFERENCES_PER_FIELD}, 500). */
  maxReferences?: number | undefined;
}

/**
 * Finds every reference in a piece of text and returns them as `EventRef`s, each key once
 * with its strongest evidence:
 *
 * - Linear identifiers (`ENG-123`; see `parseLinearIdentifier` for the exact rule) and
 *   Linear issue URLs → `linear:issue:ENG-123`;
 * - GitHub pull request, issue and commit URLs, `owner/repo#42`, and `#42` / `GH-42` when
 *   `defaultRepository` is given → `github:pr:…`, `github:number:…`, `git:sha:…`;
 * - Slack permalinks → `slack:message:C123:<ts>` and `slack:thread:C123:<thread ts>`;
 * - full shas anywhere and short ones after "commit", "sha", "rev" → `git:sha:` / `git:sha7:`;
 * - any other http(s) URL → its normalized `url:` key (`CorrelationKeys.url`; a URL too
 *   long for a key gives a shortened one, never an error).
 *
 * Evidence: a reference (or a list of them, "Fixes ENG-1, ENG-2 and #3") right after a
 * closing word gets `closes`, after a link-only word `mentions`; otherwise URLs give `url`,
 * shas `sha`, and plain mentions `options.evidence` (default `body`). Recognized platform
 * URLs yield their structured keys only (a pull request URL gives `github:pr:…`, whatever
 * its `/files` suffix or case). Text inside any URL is never read as a plain mention.
 *
 * Bounded work: the time taken is linear in the text read, which is at most the first
 * {@link MAX_REFERENCE_SCAN_LENGTH} characters (64 Ki, cut at whitespace), and at most
 * {@link MAX_REFERENCES_PER_FIELD} references (500) are returned, the first ones in text
 * order. Both limits can be changed per call (`maxScanLength`, `maxReferences`). Every key
 * satisfies `correlationKeySchema` and `MAX_CORRELATION_KEY_BYTES`.
 *
 * @example extractReferences("Fixes ENG-123", { field: "body" })
 * // [{ key: "linear:issue:ENG-123", evidence: "closes", field: "body", excerpt: "Fixes ENG-123" }]
 */
export function extractReferences(
  text: string,
  options: ExtractReferencesOptions = {},
): EventRef[] {
  if (!text) return [];
  const read = scanWindow(text, options.maxScanLength ?? MAX_REFERENCE_SCAN_LENGTH);
  const spans = findSpans(read, options);
  return collectReferences(read, spans.spans, spans.keywords, options);
}

/** Every span in `text`, sorted by start (longest first), and the keyword evidence by span. */
function findSpans(text: string, options: ExtractReferencesOptions) {
  const spans: Span[] = [];
  // URLs first: the other patterns run over the text with every URL masked out.
  const { urls, masked } = findUrls(text);
  // A text that repeats a URL or an identifier parses and builds its keys once.
  const urlKeys = new Map<string, SpanKey[]>();
  for (const { url, start, end } of urls) {
    let keys = urlKeys.get(url);
    if (!keys) {
      keys = keysOfUrl(url, options);
      urlKeys.set(url, keys);
    }
    spans.push({ start, end, keys, needsKeyword: false });
  }
  const identifierKeys = new Map<string, SpanKey[]>();
  for (const match of findLinearIdentifiers(masked, options)) {
    let keys = identifierKeys.get(match.identifier);
    if (!keys) {
      keys = [{ key: CorrelationKeys.linearIssue(match.identifier), evidence: "plain" }];
      identifierKeys.set(match.identifier, keys);
    }
    spans.push({ start: match.start, end: match.end, keys, needsKeyword: match.needsKeyword });
  }
  // One push each: spreading a list this long into push() would overflow the call stack.
  for (const span of findGitHubNumberSpans(masked, options.defaultRepository)) spans.push(span);
  for (const match of findShas(masked)) {
    spans.push({
      start: match.start,
      end: match.end,
      keys: CorrelationKeys.gitShaKeys(match.sha).map(shaKey),
      needsKeyword: false,
    });
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  return { spans, keywords: assignKeywords(text, masked, spans) };
}

/**
 * The references of the spans in order, each key once with its strongest evidence (the
 * first one seen on a tie, as `mergeReferences` does), at most `maxReferences` keys.
 * Excerpts are cut only for references kept, not for every repeated mention.
 */
function collectReferences(
  text: string,
  spans: readonly Span[],
  keywordEvidence: ReadonlyMap<number, Evidence>,
  options: ExtractReferencesOptions,
): EventRef[] {
  const plain = options.evidence ?? "body";
  const limit = options.maxReferences ?? MAX_REFERENCES_PER_FIELD;
  const byKey = new Map<string, EventRef>();
  for (const [index, span] of spans.entries()) {
    const chained = keywordEvidence.get(index);
    if (span.needsKeyword && !chained) continue;
    let excerpt: string | undefined;
    for (const spanKey of span.keys) {
      const evidence: Evidence =
        chained && !spanKey.fixed
          ? chained
          : spanKey.evidence === "plain"
            ? plain
            : spanKey.evidence;
      const current = byKey.get(spanKey.key);
      if (
        current
          ? EVIDENCE_STRENGTH[evidence] <= EVIDENCE_STRENGTH[current.evidence]
          : byKey.size >= limit
      ) {
        continue;
      }
      if (excerpt === undefined && options.excerpts !== false) {
        excerpt = excerptAround(text, span.start, span.end);
      }
      // Setting an existing key replaces it in place, so it keeps its first position.
      byKey.set(spanKey.key, {
        key: spanKey.key,
        evidence,
        ...(options.field ? { field: options.field } : {}),
        ...(excerpt ? { excerpt } : {}),
      });
    }
  }
  return [...byKey.values()];
}
