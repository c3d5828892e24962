export {
  createOpenTelemetryInstrumentation,
  type OpenTelemetryInstrumentationOptions,
} from "./open-telemetry-instrumentation";
export { formatTraceparent, parseTraceparent } from "./trace-context";
