import type { CorrelatedEvent } from "@contexten/core";

/** Which stored events a stream or listing wants; every given field must match. */
export interface EventFilter {
  /** Platforms, e.g. `["github", "linear"]`. */
  platform?: readonly string[] | null | undefined;
  /** Types; a trailing `*` matches a prefix, e.g. `github.pull_request.*`. */
  type?: readonly string[] | null | undefined;
  /** One correlation group. */
  correlationId?: string | null | undefined;
  /** A correlation key the event is or mentions, e.g. `linear:issue:ENG-123`. */
  key?: string | null | undefined;
}

/** Compiles a filter into a predicate. */
export function matchesEventFilter(
  filter: EventFilter | null | undefined,
): (event: CorrelatedEvent) => boolean {
  const platforms = filter?.platform?.length ? new Set(filter.platform) : undefined;
  const types = filter?.type?.length
    ? filter.type.map((type) =>
        type.endsWith("*")
          ? (candidate: string) => candidate.startsWith(type.slice(0, -1))
          : (candidate: string) => candidate === type,
      )
    : undefined;
  const correlationId = filter?.correlationId ?? undefined;
  const key = filter?.key ?? undefined;
  return (event) =>
    (!platforms || platforms.has(event.platform)) &&
    (!types || types.some((test) => test(event.type))) &&
    (correlationId === undefined || event.correlationId === correlationId) &&
    (key === undefined || event.keys.includes(key) || event.refs.some((ref) => ref.key === key));
}
