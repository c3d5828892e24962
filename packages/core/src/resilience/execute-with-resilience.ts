import { type CacheEntry, conditionalHeaders } from "../cache/cache";
import { abortReason, type Clock, sleep, systemClock } from "../clock/clock";
import { emitInstrumentation } from "../contracts/instrumentation";
import { ApiCallError } from "../errors/api-call-error";
import { RateLimitError } from "../errors/rate-limit-error";
import type { RateLimitGrant } from "../rate-limit/rate-limiter";
import { classifyNetworkError } from "../retry/network-error";
import { decideRetry } from "../retry/retry-decision";
import { classifyHttpResponse } from "./classify-http-response";
import {
  DEFAULT_MAX_RATE_LIMIT_WAIT_MS,
  isIdempotentMethod,
  type ResiliencePolicy,
  type ResilientCall,
  type ResilientOperation,
  type ResilientResult,
  resolveRetryPolicy,
} from "./resilience-options";
import type { ResilientRequestInfo, ResilientResponse } from "./resilient-response";

/** How the next attempt queues for budget after a rate-limited one. */
interface RequeueAfterRateLimit {
  retry: true;
  notBefore: number;
}

type AttemptOutcome<Body> =
  | { response: ResilientResponse<Body>; grant: RateLimitGrant | undefined }
  | { error: unknown; timedOut: boolean; grant: RateLimitGrant | undefined };

/**
 * Runs an outbound call with everything contexten promises: rate-limit budget first
 * (waiting, never failing), the cache (fresh hits cost nothing; stale entries are
 * revalidated and a 304 refunds the budget), the platform's headers fed back to the
 * limiter, and retries by the platform's classification — `Retry-After` and reset times
 * win over backoff, 4xx never retry, and a non-idempotent request is only resent when the
 * platform did not execute it. A request refused for rate limiting keeps its place in the
 * limiter's queue for its resource: it re-enters at the front, due when the platform
 * allows, so requests queued behind it stay behind it. Failures are thrown as
 * {@link ApiCallError} or {@link RateLimitError}; an abort rethrows the signal's reason.
 */
export async function executeWithResilience<Body>(
  operation: ResilientOperation<Body>,
  options: ResiliencePolicy & ResilientCall,
): Promise<ResilientResult<Body>> {
  const clock = options.clock ?? systemClock;
  const policy = resolveRetryPolicy(options.retryPolicy);
  const classify = options.classify ?? classifyHttpResponse;
  const kind = options.kind ?? "read";
  const method = (options.method ?? (kind === "read" ? "GET" : "POST")).toUpperCase();
  const request: ResilientRequestInfo = {
    platform: options.platform,
    method,
    url: options.url,
    resource: options.resource,
    idempotent: options.idempotent ?? isIdempotentMethod(method),
  };
  const { limiter, cache, cacheKey, signal, platform, resource } = options;
  const startedAt = clock.now();
  const report = (status: number | undefined, cached: boolean, attempt: number) =>
    emitInstrumentation(options.instrumentation, "onApiRequest", {
      platform,
      method,
      endpoint: options.endpoint ?? options.url ?? resource,
      ...(status === undefined ? {} : { status }),
      durationMs: clock.now() - startedAt,
      cached,
      attempt,
    });

  let entry: CacheEntry<ResilientResponse<Body>> | undefined;
  if (cache && cacheKey) {
    entry = await cache.get<ResilientResponse<Body>>(cacheKey, { includeStale: true });
    if (entry && options.cacheMode !== "revalidate" && entry.expiresAt > clock.now()) {
      report(entry.value.status, true, 0);
      return { ...entry.value, cached: "fresh", attempts: 0 };
    }
  }
  const validators = conditionalHeaders(entry);

  let requeue: RequeueAfterRateLimit | undefined;
  for (let attempt = 1; ; attempt += 1) {
    if (signal?.aborted) throw abortReason(signal);
    const outcome = await runAttempt(operation, options, clock, attempt, validators, requeue);
    requeue = undefined;
    const { grant } = outcome;
    if ("error" in outcome) {
      if (signal?.aborted) throw abortReason(signal);
      const failure = classifyNetworkError(outcome.error);
      if (failure.executed === false) await grant?.refund();
      const decision = decideRetry(
        { outcome: "retryable", executed: failure.executed },
        { attempt, policy, idempotent: request.idempotent, random: options.random },
      );
      if (!decision.retry) {
        report(undefined, false, attempt);
        throw new ApiCallError({
          platform,
          url: options.url ?? resource,
          method,
          cause: outcome.error,
          isRetryable: request.idempotent || failure.executed === false,
          message: describeFailure(
            request,
            attempt,
            decision.reason,
            outcome.timedOut
              ? "timed out"
              : `network error${failure.code ? ` ${failure.code}` : ""}`,
          ),
        });
      }
      await sleep(decision.delayMs, { clock, signal });
      continue;
    }

    const { response } = outcome;
    if (response.status === 304 && entry && cache && cacheKey) {
      // GitHub does not count a 304 against the limit: give the budget back first, so the
      // headers' own count (which excludes this request) is not added on top.
      await grant?.refund();
      await limiter?.update(platform, resource, response.headers, { grant });
      await cache.set(cacheKey, entry.value, {
        platform,
        ...(options.cacheTtlSeconds === undefined ? {} : { ttlSeconds: options.cacheTtlSeconds }),
        etag: response.headers.etag ?? entry.etag,
        lastModified: response.headers["last-modified"] ?? entry.lastModified,
      });
      report(entry.value.status, true, attempt);
      return { ...entry.value, cached: "revalidated", attempts: attempt };
    }

    const classification = classify(response, request, clock.now());
    const retryAfterMs =
      classification.outcome === "rate-limited" || classification.outcome === "retryable"
        ? classification.retryAfterMs
        : undefined;
    await limiter?.update(platform, resource, response.headers, {
      grant,
      ...(classification.outcome === "rate-limited" && retryAfterMs !== undefined
        ? { retryAfterMs }
        : {}),
    });

    if (classification.outcome === "success") {
      if (cache && cacheKey && response.status >= 200 && response.status < 300) {
        await cache.set(cacheKey, response, {
          platform,
          ...(options.cacheTtlSeconds === undefined ? {} : { ttlSeconds: options.cacheTtlSeconds }),
          etag: response.headers.etag,
          lastModified: response.headers["last-modified"],
        });
      }
      report(response.status, false, attempt);
      return { ...response, cached: false, attempts: attempt };
    }

    const errorFields = {
      platform,
      url: options.url ?? resource,
      method,
      status: response.status,
      headers: response.headers,
      body: response.body,
      platformCode: classification.platformCode,
    };
    if (classification.outcome === "fatal") {
      report(response.status, false, attempt);
      if (options.returnNonRetryable) return { ...response, cached: false, attempts: attempt };
      throw new ApiCallError({ ...errorFields, isRetryable: false });
    }

    const decision = decideRetry(classification, {
      attempt,
      policy,
      idempotent: request.idempotent,
      random: options.random,
    });
    const maxWait = options.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
    if (classification.outcome === "rate-limited") {
      if (!decision.retry || decision.delayMs > maxWait) {
        report(response.status, false, attempt);
        throw new RateLimitError({ ...errorFields, resource, retryAfterMs });
      }
      if (decision.delayMs > 0) {
        const info = {
          platform,
          resource,
          waitMs: decision.delayMs,
          reason: "retry-after" as const,
        };
        emitInstrumentation(options.instrumentation, "onRateLimitWait", info);
        options.eventBus?.emit("rate-limit", info);
      }
      if (limiter) {
        // Waiting is the limiter's job here: sleeping first and then queueing again would
        // put this request behind those that queued while it slept.
        requeue = { retry: true, notBefore: clock.now() + decision.delayMs };
        continue;
      }
    } else if (!decision.retry) {
      report(response.status, false, attempt);
      throw new ApiCallError({
        ...errorFields,
        isRetryable: request.idempotent,
        message: describeFailure(request, attempt, decision.reason, `status ${response.status}`),
      });
    }
    await sleep(decision.delayMs, { clock, signal });
  }
}

async function runAttempt<Body>(
  operation: ResilientOperation<Body>,
  options: ResiliencePolicy & ResilientCall,
  clock: Clock,
  attempt: number,
  validators: Record<string, string>,
  requeue: RequeueAfterRateLimit | undefined,
): Promise<AttemptOutcome<Body>> {
  const run = async (grant: RateLimitGrant | undefined): Promise<AttemptOutcome<Body>> => {
    // A limiter of its own making may not know `notBefore`: the platform's wait still holds.
    const early = requeue ? requeue.notBefore - clock.now() : 0;
    if (early > 0) await sleep(early, { clock, signal: options.signal });
    const controller = new AbortController();
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : clock.setTimeout(() => {
            timedOut = true;
            controller.abort(new DOMException("The request timed out", "TimeoutError"));
          }, options.timeoutMs);
    const signal = options.signal
      ? AbortSignal.any([options.signal, controller.signal])
      : controller.signal;
    try {
      const response = await operation({ attempt, signal, conditionalHeaders: validators, grant });
      return { response, grant };
    } catch (error) {
      return { error, timedOut, grant };
    } finally {
      if (timer !== undefined) clock.clearTimeout(timer);
    }
  };
  if (!options.limiter) return run(undefined);
  return options.limiter.schedule(options.platform, options.resource, run, {
    cost: options.cost ?? 1,
    kind: options.kind ?? "read",
    ...(options.signal ? { signal: options.signal } : {}),
    ...requeue,
  });
}

function describeFailure(
  request: ResilientRequestInfo,
  attempt: number,
  reason: "attempts-exhausted" | "may-have-executed",
  what: string,
): string {
  const call = `${request.platform} API call ${request.method} ${request.url ?? request.resource}`;
  if (reason === "may-have-executed") {
    return (
      `${call} failed (${what}) and was not retried: a ${request.method} may already have been ` +
      `executed by ${request.platform}. Check its effect before sending it again.`
    );
  }
  return `${call} failed (${what}) after ${attempt} attempt${attempt === 1 ? "" : "s"}.`;
}
