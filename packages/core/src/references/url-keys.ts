import { boundCorrelationKey } from "../keys/bound-correlation-key";
import { CorrelationKeys, normalizeParsedUrl } from "../keys/correlation-keys";
import {
  type GitHubUrlOptions,
  parseHttpUrl,
  readGitHubUrl,
  readLinearIssueUrl,
  readSlackPermalink,
} from "./platform-urls";
import { type SpanKey, shaKey, urlKey } from "./reference-span";

/**
 * The keys a URL yields. Recognized platform URLs give their structured keys only (a pull
 * request URL gives `github:pr:…` and, for `/commits/<sha>`, the sha); any other URL its
 * normalized `url:` key, so it can meet an event that *is* it. The URL is parsed once.
 */
export function keysOfUrl(url: string, options: GitHubUrlOptions): SpanKey[] {
  const parsed = parseHttpUrl(url);
  if (!parsed) return [urlKey(CorrelationKeys.url(url))];
  const github = readGitHubUrl(parsed, options);
  if (github?.kind === "pull_request") {
    const keys = [urlKey(CorrelationKeys.githubPullRequest(github.repository, github.number))];
    if (github.sha) keys.push(...CorrelationKeys.gitShaKeys(github.sha).map(shaKey));
    return keys;
  }
  if (github?.kind === "issue") {
    return [urlKey(CorrelationKeys.githubNumber(github.repository, github.number))];
  }
  if (github?.kind === "commit") return CorrelationKeys.gitShaKeys(github.sha).map(shaKey);
  const linear = readLinearIssueUrl(parsed);
  if (linear) return [urlKey(CorrelationKeys.linearIssue(linear.identifier))];
  const slack = readSlackPermalink(parsed);
  if (slack) {
    return [
      urlKey(CorrelationKeys.slackMessage(slack.channel, slack.ts)),
      urlKey(CorrelationKeys.slackThread(slack.channel, slack.threadTs ?? slack.ts)),
    ];
  }
  // The same key as CorrelationKeys.url(url), without parsing the URL a second time.
  return [urlKey(boundCorrelationKey(`url:${normalizeParsedUrl(parsed)}`))];
}
