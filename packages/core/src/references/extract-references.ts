import { CorrelationKeys } from "../keys/correlation-keys";
import type { EventRef, Evidence } from "../models/correlated-event";
import { findShas } from "./git-shas";
import { findLinearIdentifiers, type LinearIdentifierOptions } from "./linear-identifiers";
import { mergeReferences } from "./merge-references";
import {
  type GitHubUrlOptions,
  parseGitHubUrl,
  parseLinearIssueUrl,
  parseSlackPermalink,
} from "./platform-urls";
import { evidenceOfWord, isListGap, REFERENCE_WORD_PATTERN } from "./reference-words";

/** Options for {@link extractReferences}. */
export interface ExtractReferencesOptions extends LinearIdentifierOptions, GitHubUrlOptions {
  /** Where the text comes from (`title`, `body`, `commits[0].message`); stored on each ref. */
  field?: string;
  /**
   * Evidence for a plain mention (no closing or link-only word before it, not a URL or
   * sha): `title` for titles, `body` (the default) for bodies, descriptions and messages.
   */
  evidence?: Evidence;
  /** `owner/repo` that bare `#42` and `GH-42` refer to; without it they are ignored. */
  defaultRepository?: string;
  /** Attach a short excerpt around each match (default true). */
  excerpts?: boolean;
}

/** One key a matched span yields; `fixed` evidence (a sha) ignores keywords. */
interface SpanKey {
  key: string;
  evidence: Evidence | "plain";
  fixed?: boolean;
}

/** A matched piece of text and the keys it yields. */
interface Span {
  start: number;
  end: number;
  keys: SpanKey[];
  /** Counts only right after a closing or link-only word (lower-case identifier). */
  needsKeyword: boolean;
}

const URL_PATTERN = /https?:\/\/[^\s<>()[\]{}"'`|]+/gi;
const MAX_URL_LENGTH = 2000;
const URL_PLACEHOLDER = "\u0001";
const TRAILING_PUNCTUATION = /[.,;:!?*_~]+$/;
const OWNER_REPO_NUMBER =
  /(?<![\w./-])([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100})#([1-9][0-9]{0,9})(?!\w)/g;
const BARE_NUMBER = /(?<![\w&/#-])(?:#|GH-)([1-9][0-9]{0,9})(?!\w)/g;

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
 * - any other http(s) URL → its normalized `url:` key (`CorrelationKeys.url`).
 *
 * Evidence: a reference (or a list of them, "Fixes ENG-1, ENG-2 and #3") right after a
 * closing word gets `closes`, after a link-only word `mentions`; otherwise URLs give `url`,
 * shas `sha`, and plain mentions `options.evidence` (default `body`). Recognized platform
 * URLs yield their structured keys only (a pull request URL gives `github:pr:…`, whatever
 * its `/files` suffix or case). Text inside any URL is never read as a plain mention.
 *
 * @example extractReferences("Fixes ENG-123", { field: "body" })
 * // [{ key: "linear:issue:ENG-123", evidence: "closes", field: "body", excerpt: "Fixes ENG-123" }]
 */
export function extractReferences(
  text: string,
  options: ExtractReferencesOptions = {},
): EventRef[] {
  if (!text) return [];
  const spans: Span[] = [];
  const masked = collectUrlSpans(text, options, spans);
  collectLinearSpans(masked, options, spans);
  collectGitHubNumberSpans(masked, options, spans);
  for (const match of findShas(masked)) {
    spans.push({
      start: match.start,
      end: match.end,
      keys: CorrelationKeys.gitShaKeys(match.sha).map((key) => shaKey(key)),
      needsKeyword: false,
    });
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const keywordEvidence = assignKeywords(text, masked, spans);

  const plain = options.evidence ?? "body";
  const refs: EventRef[] = [];
  for (const [index, span] of spans.entries()) {
    const chained = keywordEvidence.get(index);
    if (span.needsKeyword && !chained) continue;
    const excerpt = options.excerpts === false ? undefined : excerptAround(text, span);
    for (const spanKey of span.keys) {
      const evidence: Evidence =
        chained && !spanKey.fixed
          ? chained
          : spanKey.evidence === "plain"
            ? plain
            : spanKey.evidence;
      refs.push({
        key: spanKey.key,
        evidence,
        ...(options.field ? { field: options.field } : {}),
        ...(excerpt ? { excerpt } : {}),
      });
    }
  }
  return mergeReferences(refs);
}

/**
 * Adds a span per recognized URL and returns the text with every URL replaced by a
 * placeholder character: no other pattern can match inside a URL, and a keyword's
 * trailing spaces cannot swallow one.
 */
function collectUrlSpans(text: string, options: ExtractReferencesOptions, spans: Span[]): string {
  let masked = text;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, "");
    const start = match.index;
    const end = start + url.length;
    masked = masked.slice(0, start) + URL_PLACEHOLDER.repeat(url.length) + masked.slice(end);
    const keys = keysOfUrl(url, options);
    if (keys.length > 0) spans.push({ start, end, keys, needsKeyword: false });
  }
  return masked;
}

function keysOfUrl(url: string, options: ExtractReferencesOptions): SpanKey[] {
  const github = parseGitHubUrl(url, options);
  const keys: SpanKey[] = [];
  if (github?.kind === "pull_request") {
    keys.push(urlKey(CorrelationKeys.githubPullRequest(github.repository, github.number)));
    if (github.sha) keys.push(...CorrelationKeys.gitShaKeys(github.sha).map(shaKey));
  } else if (github?.kind === "issue") {
    keys.push(urlKey(CorrelationKeys.githubNumber(github.repository, github.number)));
  } else if (github?.kind === "commit") {
    keys.push(...CorrelationKeys.gitShaKeys(github.sha).map(shaKey));
  } else {
    const linear = parseLinearIssueUrl(url);
    const slack = linear ? undefined : parseSlackPermalink(url);
    if (linear) keys.push(urlKey(CorrelationKeys.linearIssue(linear.identifier)));
    if (slack) {
      keys.push(urlKey(CorrelationKeys.slackMessage(slack.channel, slack.ts)));
      keys.push(urlKey(CorrelationKeys.slackThread(slack.channel, slack.threadTs ?? slack.ts)));
    }
  }
  // Any other URL is kept as a generic `url:` key so it can meet an event that *is* it.
  if (keys.length === 0 && url.length <= MAX_URL_LENGTH)
    keys.push(urlKey(CorrelationKeys.url(url)));
  return keys;
}

function collectLinearSpans(masked: string, options: ExtractReferencesOptions, spans: Span[]) {
  for (const match of findLinearIdentifiers(masked, options)) {
    spans.push({
      start: match.start,
      end: match.end,
      keys: [{ key: CorrelationKeys.linearIssue(match.identifier), evidence: "plain" }],
      needsKeyword: match.needsKeyword,
    });
  }
}

function collectGitHubNumberSpans(
  masked: string,
  options: ExtractReferencesOptions,
  spans: Span[],
) {
  for (const match of masked.matchAll(OWNER_REPO_NUMBER)) {
    const key = CorrelationKeys.githubNumber(`${match[1]}/${match[2]}`, Number(match[3]));
    spans.push(plainSpan(match.index, match[0].length, key));
  }
  if (!options.defaultRepository) return;
  for (const match of masked.matchAll(BARE_NUMBER)) {
    const key = CorrelationKeys.githubNumber(options.defaultRepository, Number(match[1]));
    spans.push(plainSpan(match.index, match[0].length, key));
  }
}

/**
 * Finds closing and link-only words and the references listed right after each; returns
 * the keyword evidence by span index.
 */
function assignKeywords(text: string, masked: string, spans: Span[]): Map<number, Evidence> {
  const assigned = new Map<number, Evidence>();
  for (const match of masked.matchAll(REFERENCE_WORD_PATTERN)) {
    const evidence = evidenceOfWord(match[1]!.replace(/\s+/g, " "));
    let cursor = match.index + match[0].length;
    let index = spans.findIndex((span) => span.start >= cursor);
    while (index !== -1 && index < spans.length) {
      const span = spans[index]!;
      if (!isListGap(text.slice(cursor, span.start))) break;
      if (!assigned.has(index)) assigned.set(index, evidence);
      cursor = Math.max(cursor, span.end);
      index += 1;
      // Skip spans nested in the one just taken (a URL's own text).
      while (index < spans.length && spans[index]!.start < cursor) {
        if (!assigned.has(index)) assigned.set(index, evidence);
        index += 1;
      }
    }
  }
  return assigned;
}

function excerptAround(text: string, span: Span): string {
  const from = Math.max(0, span.start - 40);
  const to = Math.min(text.length, span.end + 40);
  const body = text.slice(from, to).replace(/\s+/g, " ").trim();
  const clipped = `${from > 0 ? "…" : ""}${body}${to < text.length ? "…" : ""}`;
  return clipped.length > 500 ? clipped.slice(0, 499) + "…" : clipped;
}

function plainSpan(start: number, length: number, key: string): Span {
  return { start, end: start + length, keys: [{ key, evidence: "plain" }], needsKeyword: false };
}

function urlKey(key: string): SpanKey {
  return { key, evidence: "url" };
}

function shaKey(key: string): SpanKey {
  return { key, evidence: "sha", fixed: true };
}
