import { afterEach, beforeEach, vi } from "vitest";
import type { MemoryRateLimitBackend } from "../memory-rate-limit-backend";
import type { RateLimitBackend } from "../rate-limit-backend";

/** Fakes `setTimeout`, `clearTimeout` and `Date` at `start` around every test of the file. */
export function useFakeTimeAt(start: number): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    vi.setSystemTime(start);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** The same memory state, answered asynchronously, as a shared backend (Redis) would. */
export function asynchronousBackend(memory: MemoryRateLimitBackend): RateLimitBackend {
  return {
    tryAcquire: async (...args) => memory.tryAcquire(...args),
    refund: async (...args) => memory.refund(...args),
    observe: async (...args) => memory.observe(...args),
    inspect: async (...args) => memory.inspect(...args),
  };
}
