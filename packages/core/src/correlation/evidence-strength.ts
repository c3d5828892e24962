import type { Evidence } from "../models/correlated-event";

/**
 * How much one piece of evidence proves that two events belong together, in (0, 1].
 * A link's strength is its rule's `strength` times the strongest evidence behind it
 * (see `CorrelationRule`). The order follows how Linear and GitHub treat references:
 *
 * | evidence     | strength | meaning                                                   |
 * | ------------ | -------- | --------------------------------------------------------- |
 * | `identity`   | 1.00     | both events are the same object (shared key)              |
 * | `closes`     | 1.00     | closing word: "Fixes ENG-123", "closes #42"               |
 * | `attachment` | 0.95     | the platform itself linked them (Linear attachment, …)    |
 * | `sha`        | 0.95     | the same commit (check run on the PR's head sha)          |
 * | `branch`     | 0.90     | the key is in a branch name (`eng-123-fix-login`)         |
 * | `thread`     | 0.85     | the same Slack thread                                     |
 * | `title`      | 0.80     | mentioned in a title                                      |
 * | `mentions`   | 0.75     | link-only word: "refs ENG-123", "part of ENG-123"         |
 * | `body`       | 0.70     | mentioned in a body, description or commit message        |
 * | `url`        | 0.60     | a URL to the other object appears somewhere               |
 *
 * So closing word > branch > title > body mention > URL, as the design asks.
 */
export const EVIDENCE_STRENGTH: Readonly<Record<Evidence, number>> = Object.freeze({
  identity: 1,
  closes: 1,
  attachment: 0.95,
  sha: 0.95,
  branch: 0.9,
  thread: 0.85,
  title: 0.8,
  mentions: 0.75,
  body: 0.7,
  url: 0.6,
});

/** The stronger of two evidence kinds by {@link EVIDENCE_STRENGTH}; `a` on a tie. */
export function strongerEvidence(a: Evidence, b: Evidence): Evidence {
  return EVIDENCE_STRENGTH[b] > EVIDENCE_STRENGTH[a] ? b : a;
}
