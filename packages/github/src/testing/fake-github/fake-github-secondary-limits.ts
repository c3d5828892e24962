import type { FakeBehaviour, FakeRequest } from "@contexten/core/testing";
import { githubFaults } from "../github-faults";

/** Options of {@link fakeGitHubSecondaryLimits}: GitHub's documented secondary limits. */
export interface FakeSecondaryRateLimitOptions {
  /** REST points in any 60 s (default 900): reads cost 1 point, other methods 5. */
  restPointsPerMinute?: number | undefined;
  /** Content-creating requests in any 60 s (default 80). */
  contentPerMinute?: number | undefined;
  /** Content-creating requests in any hour (default 500). */
  contentPerHour?: number | undefined;
  /** `Retry-After` of a refusal, seconds (default 60). */
  retryAfterSeconds?: number | undefined;
}

/** What the secondary limits refused, by reason. */
export interface FakeSecondaryRefusals {
  points: number;
  contentMinute: number;
  contentHour: number;
}

/** POSTs GitHub counts as content creation (issues, comments, PRs, reviews, releases…). */
const CONTENT_CREATION =
  /\/(issues|pulls|comments|reviews|replies|releases|discussions|gists|forks)$/;
const MINUTE = 60_000;
const HOUR = 3_600_000;

/** Times of accepted requests with their weights, trimmed to a rolling window. */
class RollingWindow {
  readonly #entries: { at: number; weight: number }[] = [];
  #head = 0;
  #sum = 0;

  constructor(private readonly spanMs: number) {}

  total(now: number): number {
    while (
      this.#head < this.#entries.length &&
      this.#entries[this.#head]!.at <= now - this.spanMs
    ) {
      this.#sum -= this.#entries[this.#head]!.weight;
      this.#head += 1;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#entries.length) {
      this.#entries.splice(0, this.#head);
      this.#head = 0;
    }
    return this.#sum;
  }

  add(now: number, weight: number): void {
    this.#entries.push({ at: now, weight });
    this.#sum += weight;
  }
}

function isRead(request: FakeRequest): boolean {
  return request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS";
}

/**
 * GitHub's secondary rate limits, in rolling windows, as documented: at most 900 points of
 * REST requests a minute (a read costs 1 point, a write 5), and at most 80 content-creating
 * requests a minute and 500 an hour. A request over any of them gets GitHub's 403
 * "secondary rate limit" with `Retry-After`, and is not counted. `refused` counts refusals.
 */
export function fakeGitHubSecondaryLimits(
  options: FakeSecondaryRateLimitOptions = {},
): FakeBehaviour & { readonly refused: FakeSecondaryRefusals } {
  const points = new RollingWindow(MINUTE);
  const contentMinute = new RollingWindow(MINUTE);
  const contentHour = new RollingWindow(HOUR);
  const maxPoints = options.restPointsPerMinute ?? 900;
  const maxPerMinute = options.contentPerMinute ?? 80;
  const maxPerHour = options.contentPerHour ?? 500;
  const refused: FakeSecondaryRefusals = { points: 0, contentMinute: 0, contentHour: 0 };
  const refuse = (reason: keyof FakeSecondaryRefusals) => {
    refused[reason] += 1;
    return githubFaults.secondaryRateLimit(options.retryAfterSeconds ?? 60);
  };
  const behaviour: FakeBehaviour = (request, next, { clock }) => {
    if (request.path.endsWith("/graphql")) return next(request);
    const now = clock.now();
    const weight = isRead(request) ? 1 : 5;
    const creates = request.method === "POST" && CONTENT_CREATION.test(request.path);
    if (points.total(now) + weight > maxPoints) return refuse("points");
    if (creates && contentMinute.total(now) + 1 > maxPerMinute) return refuse("contentMinute");
    if (creates && contentHour.total(now) + 1 > maxPerHour) return refuse("contentHour");
    points.add(now, weight);
    if (creates) {
      contentMinute.add(now, 1);
      contentHour.add(now, 1);
    }
    return next(request);
  };
  return Object.assign(behaviour, { refused });
}
