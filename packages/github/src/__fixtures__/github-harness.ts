import { FAKE_TIME_TIMERS, type FetchTracker, trackFetch } from "@contexten/core/testing";
import { vi } from "vitest";
import { createGitHubClient, type GitHubClient } from "../client/github-client";
import type { GitHubClientOptions } from "../client/github-client-options";
import {
  type FakeGitHubServer,
  type FakeGitHubServerOptions,
  startFakeGitHubServer,
} from "../testing/fake-github/start-fake-github-server";

/** 2030-01-01T09:00:00Z, the fake clock's start. */
export const START = Date.UTC(2030, 0, 1, 9);

/** A fake GitHub under fake time, and clients that talk to it through a tracked fetch. */
export interface GitHubHarness {
  /** The fake GitHub. */
  github: FakeGitHubServer;
  /** Counts requests in flight so fake time only moves once real I/O settled. */
  tracker: FetchTracker;
  /** A client on the fake (token auth unless the options say otherwise). */
  client(options?: GitHubClientOptions): GitHubClient;
  /** Moves fake time by `ms`, then lets real I/O settle. */
  elapse(ms: number): Promise<void>;
  /** Runs timers one by one (settling I/O between them) until `promise` settles. */
  finish<T>(promise: Promise<T>, options?: { maxSteps?: number }): Promise<T>;
  /** Restores real timers and stops the server. */
  close(): Promise<void>;
}

/** Starts a {@link GitHubHarness}: fake timers (not `setImmediate`), clock at {@link START}. */
export async function startGitHubHarness(
  options: FakeGitHubServerOptions = {},
): Promise<GitHubHarness> {
  vi.useFakeTimers({ toFake: [...FAKE_TIME_TIMERS] });
  vi.setSystemTime(START);
  const github = await startFakeGitHubServer(options);
  const tracker = trackFetch();
  return {
    github,
    tracker,
    client: (extra = {}) =>
      createGitHubClient({
        ...(extra.appId === undefined ? { token: "test-token" } : {}),
        baseUrl: github.url,
        fetch: tracker.fetch,
        env: {},
        ...extra,
      }),
    async elapse(ms) {
      await tracker.settle();
      vi.advanceTimersByTime(ms);
      await tracker.settle();
    },
    async finish(promise, { maxSteps = 10_000 } = {}) {
      let settled = false;
      const watched = promise.finally(() => {
        settled = true;
      });
      watched.catch(() => undefined);
      await tracker.settle();
      for (let step = 0; !settled && step < maxSteps; step += 1) {
        vi.advanceTimersToNextTimer();
        await tracker.settle();
      }
      return watched;
    },
    async close() {
      vi.useRealTimers();
      await github.close();
    },
  };
}
