export {
  BoundedLabel,
  OVERFLOW_LABEL_VALUE,
  templateEndpoint,
  UNKNOWN_LABEL_VALUE,
} from "./bounded-labels";
export { createMetricsHandler, type MetricsHandler } from "./metrics-handler";
export {
  createPrometheusInstrumentation,
  type PrometheusInstrumentation,
} from "./prometheus-instrumentation";
export type {
  ObservedRateLimitResource,
  PrometheusInstrumentationOptions,
} from "./prometheus-instrumentation-options";
