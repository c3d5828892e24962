import type { Registry } from "prom-client";

/** Options of {@link createPrometheusInstrumentation}. */
export interface PrometheusInstrumentationOptions {
  /**
   * Where the metrics are registered. Default: a new `Registry` of its own, so nothing
   * lands in prom-client's global registry unless you pass `register` from prom-client.
   */
  registry?: Registry | undefined;
  /** Prefix of the metrics beyond the five standard ones (default `contexten_`). */
  prefix?: string | undefined;
  /**
   * Most distinct values one label of one metric records (default 100); later new values
   * are counted as `__other__`. Bounds the series an unexpected input can create.
   */
  maxLabelValues?: number | undefined;
  /** Histogram buckets in seconds for request and ack durations. */
  durationBuckets?: readonly number[] | undefined;
  /** Also collect prom-client's default process metrics into the registry (default false). */
  collectDefaultMetrics?: boolean | undefined;
}

/** A rate-limited resource whose remaining budget is exported as a gauge. */
export interface ObservedRateLimitResource {
  /** Platform, e.g. `github`. */
  platform: string;
  /** Resource, e.g. `core`, `graphql`. */
  resource: string;
}
