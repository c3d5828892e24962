import type { CorrelatedEvent, Correlation, EventLineage } from "@contexten/core";

/** A short human label for an event: type, key and title. */
export function describeEvent(event: CorrelatedEvent): string {
  const key = event.subject.key ?? event.subject.id;
  const title = event.subject.title ? ` “${truncate(event.subject.title, 48)}”` : "";
  return `${event.type}  ${key}${title}`;
}

function truncate(text: string, length: number): string {
  const line = text.split("\n")[0] ?? "";
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}

function describeLink(link: Correlation): string {
  const evidence = [...new Set(link.evidence.map((item) => item.evidence))].join("+");
  return `${link.rule} ${link.strength.toFixed(2)}${evidence ? ` (${evidence})` : ""}`;
}

/** The events of one object (a Linear issue, a PR, a branch, a Slack message, a workflow run). */
interface SubjectGroup {
  id: string;
  events: CorrelatedEvent[];
}

function groupId(event: CorrelatedEvent): string {
  return `${event.platform}:${event.subject.key ?? event.subject.id}`;
}

function describeGroup(group: SubjectGroup): { label: string; events: string } {
  const first = group.events[0]!;
  const titled = group.events.find((event) => event.subject.title);
  const title = titled?.subject.title ? ` “${truncate(titled.subject.title, 50)}”` : "";
  const key = first.subject.key ?? first.subject.id;
  const kind = first.subject.kind.replaceAll("_", " ");
  return {
    label: `${first.platform} ${kind} ${key}${title}`,
    events: group.events.map((event) => event.type).join(" → "),
  };
}

/**
 * Renders a lineage as a tree of the objects involved, rooted at the object of the event
 * asked for. Events about the same object (an issue created, updated, moved to Done) share
 * one line; each object sits under the object it is most strongly linked to — the
 * strongest spanning tree, grown from the root — with that link's rule, strength and
 * evidence. The remaining links are counted after it.
 */
export function renderLineageTree(lineage: EventLineage): string {
  const all = [lineage.rootEvent, ...lineage.relatedEvents].sort(
    (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime(),
  );
  const groups = new Map<string, SubjectGroup>();
  const groupOf = new Map<string, string>();
  for (const event of all) {
    const id = groupId(event);
    const group = groups.get(id) ?? { id, events: [] };
    group.events.push(event);
    groups.set(id, group);
    groupOf.set(event.id, id);
  }
  const firstTime = (id: string) => groups.get(id)!.events[0]!.occurredAt.getTime();
  const rootGroup = groupOf.get(lineage.rootEvent.id)!;
  const children = new Map<string, { id: string; link: Correlation }[]>();
  const placed = new Set([rootGroup]);
  let crossLinks = 0;
  for (const link of lineage.links) {
    if (groupOf.get(link.sourceEventId) !== groupOf.get(link.targetEventId)) crossLinks += 1;
  }
  for (;;) {
    let best: { link: Correlation; from: string; to: string } | undefined;
    for (const link of lineage.links) {
      const ends = [groupOf.get(link.sourceEventId), groupOf.get(link.targetEventId)];
      const from = ends.find((id) => id !== undefined && placed.has(id));
      const to = ends.find((id) => id !== undefined && !placed.has(id));
      if (!from || !to) continue;
      const better =
        !best ||
        link.strength > best.link.strength ||
        (link.strength === best.link.strength &&
          (firstTime(from) < firstTime(best.from) ||
            (from === best.from && firstTime(to) < firstTime(best.to))));
      if (better) best = { link, from, to };
    }
    if (!best) break;
    placed.add(best.to);
    const list = children.get(best.from) ?? [];
    list.push({ id: best.to, link: best.link });
    children.set(best.from, list);
  }

  const root = describeGroup(groups.get(rootGroup)!);
  const lines = [root.label, `${children.has(rootGroup) ? "│" : " "}     ${root.events}`];
  const walk = (id: string, prefix: string) => {
    const list = (children.get(id) ?? []).sort((a, b) => firstTime(a.id) - firstTime(b.id));
    list.forEach((child, index) => {
      const last = index === list.length - 1;
      const described = describeGroup(groups.get(child.id)!);
      const below = `${prefix}${last ? "   " : "│  "}`;
      lines.push(
        `${prefix}${last ? "└─" : "├─"} ${described.label}   ← ${describeLink(child.link)}`,
      );
      lines.push(`${below}${children.has(child.id) ? "│" : " "}    ${described.events}`);
      walk(child.id, below);
    });
  };
  walk(rootGroup, "");
  const shown = placed.size - 1;
  if (crossLinks > shown) {
    lines.push(
      `(plus ${crossLinks - shown} more links between these objects, all in the Mermaid diagram)`,
    );
  }
  return lines.join("\n");
}

function mermaidText(text: string): string {
  return text.replaceAll('"', "'").replaceAll("<", "‹").replaceAll(">", "›");
}

/** The lineage as a Mermaid flowchart: one node per event, one labelled edge per link. */
export function renderLineageMermaid(lineage: EventLineage): string {
  const events = [lineage.rootEvent, ...lineage.relatedEvents].sort(
    (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime(),
  );
  const nodeId = new Map(events.map((event, index) => [event.id, `e${index}`]));
  const lines = ["flowchart LR"];
  for (const event of events) {
    const key = event.subject.key ?? event.subject.id;
    lines.push(`  ${nodeId.get(event.id)}["${mermaidText(event.type)}<br/>${mermaidText(key)}"]`);
  }
  for (const link of lineage.links) {
    const from = nodeId.get(link.sourceEventId);
    const to = nodeId.get(link.targetEventId);
    if (from && to)
      lines.push(
        `  ${from} -- "${mermaidText(`${link.rule} ${link.strength.toFixed(2)}`)}" --> ${to}`,
      );
  }
  const platformClass: Record<string, string> = {
    github: "github",
    slack: "slack",
    linear: "linear",
    contexten: "contexten",
  };
  lines.push(
    "  classDef github fill:#f6f8fa,stroke:#24292f",
    "  classDef slack fill:#f4ede4,stroke:#4a154b",
    "  classDef linear fill:#eef0ff,stroke:#5e6ad2",
    "  classDef contexten fill:#e8f5e9,stroke:#2e7d32",
  );
  for (const event of events) {
    const name = platformClass[event.platform];
    if (name) lines.push(`  class ${nodeId.get(event.id)} ${name}`);
  }
  return `${lines.join("\n")}\n`;
}
