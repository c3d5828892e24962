import type { ApiRequestInfo, Instrumentation } from "@contexten/core";

/** One outbound API call the service made, as instrumentation reported it. */
export interface OutboundCall extends ApiRequestInfo {
  /** When it finished. */
  at: Date;
}

/** Instrumentation that keeps every outbound API call, in order. */
export interface OutboundRecorder extends Instrumentation {
  /** Every call so far. */
  readonly calls: OutboundCall[];
}

/** Creates an {@link OutboundRecorder}. */
export function createOutboundRecorder(): OutboundRecorder {
  const calls: OutboundCall[] = [];
  return {
    calls,
    onApiRequest(info) {
      calls.push({ ...info, at: new Date() });
    },
  };
}
