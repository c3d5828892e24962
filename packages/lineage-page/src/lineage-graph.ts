import type { CorrelatedEvent, Correlation, EventLineage } from "@contexten/core";

/** One platform object (a Linear issue, a PR, a branch, a CI run, a Slack message, a workflow run). */
export interface LineageNode {
  /** `platform:key`, stable across searches. */
  id: string;
  /** Platform of its events. */
  platform: string;
  /** Object kind (`pull_request`, `branch`, `check_run`, `message`, …). */
  kind: string;
  /** Human label: kind, key and title. */
  label: string;
  /** Link to it on the platform, when known. */
  url?: string | undefined;
  /** Its events, oldest first (ids and types; payloads through the event route). */
  events: Array<{ id: string; type: string; occurredAt: string }>;
  /** True for the object searched for. */
  root: boolean;
}

/** Links between two objects made by one rule. */
export interface LineageEdge {
  /** Stable id. */
  id: string;
  /** Source node id. */
  source: string;
  /** Target node id. */
  target: string;
  /** Correlation rule. */
  rule: string;
  /** Strongest link's strength, 0–1. */
  strength: number;
  /** Kinds of evidence (`closes`, `branch`, `url`, `sha`, …). */
  evidence: string[];
  /** Excerpts that matched, for the tooltip. */
  excerpts: string[];
  /** Link ids behind this edge. */
  linkIds: string[];
}

/** A correlation group as a graph of objects. */
export interface LineageGraph {
  /** The event the search resolved to. */
  rootEventId: string;
  /** The group's id. */
  correlationId: string | null;
  /** Objects. */
  nodes: LineageNode[];
  /** Links between objects, one per pair and rule. */
  edges: LineageEdge[];
  /** True when the lineage was cut at its depth or size limit. */
  truncated: boolean;
}

function nodeId(event: CorrelatedEvent): string {
  return `${event.platform}:${event.subject.key ?? event.subject.id}`;
}

function firstLine(text: string, length = 60): string {
  const line = text.split("\n")[0] ?? "";
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}

/** Groups a lineage's events by the object they are about and its links by object pair. */
export function buildLineageGraph(lineage: EventLineage): LineageGraph {
  const events = [lineage.rootEvent, ...lineage.relatedEvents].sort(
    (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime(),
  );
  const nodes = new Map<string, LineageNode>();
  const nodeOf = new Map<string, string>();
  const rootNode = nodeId(lineage.rootEvent);
  for (const event of events) {
    const id = nodeId(event);
    let node = nodes.get(id);
    if (!node) {
      const key = event.subject.key ?? event.subject.id;
      node = {
        id,
        platform: event.platform,
        kind: event.subject.kind,
        label: `${event.subject.kind.replaceAll("_", " ")} ${key}`,
        url: event.subject.url,
        events: [],
        root: id === rootNode,
      };
      nodes.set(id, node);
    }
    if (event.subject.title && !node.label.includes("\n")) {
      node.label = `${event.subject.kind.replaceAll("_", " ")} ${event.subject.key ?? event.subject.id}\n${firstLine(event.subject.title)}`;
    }
    node.url ??= event.subject.url;
    node.events.push({
      id: event.id,
      type: event.type,
      occurredAt: event.occurredAt.toISOString(),
    });
    nodeOf.set(event.id, id);
  }
  const edges = new Map<string, LineageEdge>();
  for (const link of lineage.links) addLink(edges, nodeOf, link);
  return {
    rootEventId: lineage.rootEvent.id,
    correlationId: lineage.correlationId ?? lineage.rootEvent.correlationId ?? null,
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    truncated: lineage.truncated,
  };
}

function addLink(
  edges: Map<string, LineageEdge>,
  nodeOf: Map<string, string>,
  link: Correlation,
): void {
  const source = nodeOf.get(link.sourceEventId);
  const target = nodeOf.get(link.targetEventId);
  if (!source || !target || source === target) return;
  const id = `${source}|${target}|${link.rule}`;
  const edge = edges.get(id) ?? {
    id,
    source,
    target,
    rule: link.rule,
    strength: 0,
    evidence: [],
    excerpts: [],
    linkIds: [],
  };
  edge.strength = Math.max(edge.strength, link.strength);
  for (const item of link.evidence) {
    if (!edge.evidence.includes(item.evidence)) edge.evidence.push(item.evidence);
    if (item.excerpt && edge.excerpts.length < 3 && !edge.excerpts.includes(item.excerpt)) {
      edge.excerpts.push(item.excerpt);
    }
  }
  edge.linkIds.push(link.id);
  edges.set(id, edge);
}
