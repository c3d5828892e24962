import type { CorrelatedEvent, EventPredicate, NotificationPriority } from "@contexten/core";
import type { NotificationRule, NotificationTargetSpec } from "../models/notification-rule";
import type { Person } from "../models/person";
import type { IdentityDirectory } from "./identity-directory";
import { findActor, type OwnerSource, ownerFinder } from "./owners";
import { quietHoursEnd } from "./quiet-hours";

/** Where one routed notification goes, and when. */
export interface NotificationTarget {
  /** A person (their preferred platform) or a channel. */
  kind: "person" | "channel";
  /** The person's id, for `person` targets. */
  personId?: string | undefined;
  /** Notifier platform, e.g. `slack` or `email`. */
  platform: string;
  /** Recipient on that platform: channel, Slack user id, email address. */
  address: string;
  /** Priority after all rules (the highest any matching rule gave). */
  priority: NotificationPriority;
  /** Names of the rules that led here (several rules, one target). */
  rules: string[];
  /** `immediate`, or batched into a `digest` sent at `deliverAt`. */
  delivery: "immediate" | "digest";
  /** When a digest goes out. */
  deliverAt?: Date | undefined;
  /** Why it is batched: a low priority, or the person's quiet hours. */
  reason?: "digest" | "quiet-hours" | undefined;
}

/** A rule with its compiled event patterns. */
export interface CompiledRule {
  /** The rule. */
  rule: NotificationRule;
  /** One predicate per pattern. */
  matchers: EventPredicate[];
}

/** What {@link routeEvent} needs. */
export interface RoutingContext {
  /** The rules. */
  rules: readonly CompiledRule[];
  /** People and identities. */
  directory: IdentityDirectory;
  /** Owners beyond the payload's (CODEOWNERS, …). */
  ownerSources: readonly OwnerSource[];
  /** Platforms with a notifier. */
  platforms: ReadonlySet<string>;
  /** Now, epoch ms. */
  now: number;
  /** Priority of the rendered notification, used where a rule sets none. */
  basePriority: NotificationPriority;
}

const RANK: Record<NotificationPriority, number> = { low: 0, normal: 1, high: 2, critical: 3 };

/** The higher of two priorities. */
export function higherPriority(
  a: NotificationPriority,
  b: NotificationPriority,
): NotificationPriority {
  return RANK[a] >= RANK[b] ? a : b;
}

interface Collected {
  person?: Person;
  channel?: { platform: string; channel: string };
  rules: string[];
  priority: NotificationPriority;
}

type Resolved = { person: Person } | { channel: { platform: string; channel: string } };

async function resolveSpec(
  spec: NotificationTargetSpec,
  ownersOf: ReturnType<typeof ownerFinder>,
  directory: IdentityDirectory,
): Promise<Resolved[]> {
  if (spec.kind === "channel")
    return [{ channel: { platform: spec.platform, channel: spec.channel } }];
  if (spec.kind === "person") {
    const person = directory.person(spec.person);
    return person ? [{ person }] : [];
  }
  const resolved: Resolved[] = [];
  for (const owner of await ownersOf(spec.roles)) {
    const person = await directory.resolve(owner);
    if (person) resolved.push({ person });
  }
  return resolved;
}

/**
 * Resolves targets of rule specs (used for escalation targets too). An owner source is
 * asked once, and only when a spec targets owners with a role it adds.
 */
export async function collectTargets(
  event: CorrelatedEvent,
  entries: ReadonlyArray<{ rule: NotificationRule; specs: readonly NotificationTargetSpec[] }>,
  context: Pick<RoutingContext, "directory" | "ownerSources">,
  basePriority: NotificationPriority,
): Promise<Collected[]> {
  const { directory } = context;
  const collected = new Map<string, Collected>();
  const actor = findActor(event);
  const ownersOf = ownerFinder(event, context.ownerSources);
  for (const { rule, specs } of entries) {
    const actorPerson = rule.excludeActor && actor ? await directory.resolve(actor) : undefined;
    const priority = rule.priority ?? basePriority;
    for (const spec of specs) {
      for (const resolved of await resolveSpec(spec, ownersOf, directory)) {
        if ("person" in resolved && actorPerson && resolved.person.id === actorPerson.id) continue;
        const id =
          "person" in resolved
            ? `person\u0000${resolved.person.id}`
            : `channel\u0000${resolved.channel.platform}\u0000${resolved.channel.channel}`;
        const existing = collected.get(id);
        if (existing) {
          if (!existing.rules.includes(rule.name)) existing.rules.push(rule.name);
          existing.priority = higherPriority(existing.priority, priority);
        } else {
          collected.set(id, { ...resolved, rules: [rule.name], priority });
        }
      }
    }
  }
  return [...collected.values()];
}

/**
 * Routes an event: every matching rule's targets, resolved to people and channels,
 * deduplicated (a person or channel reached through several rules appears once, with
 * every rule's name and the highest priority), each person on the first platform of their
 * preferences they have an address on, and the delivery time their preferences ask for:
 * `critical` at once; otherwise held until their quiet hours end, or batched into the
 * current digest window for digest priorities.
 */
export async function routeEvent(
  event: CorrelatedEvent,
  context: RoutingContext,
): Promise<NotificationTarget[]> {
  const matching = context.rules
    .filter(({ matchers }) => matchers.some((matches) => matches(event)))
    .map(({ rule }) => ({ rule, specs: rule.targets }));
  const collected = await collectTargets(event, matching, context, context.basePriority);
  return resolveDeliveries(collected, context);
}

/** Picks platform, address and delivery time for collected targets. */
export async function resolveDeliveries(
  collected: readonly Collected[],
  context: Pick<RoutingContext, "directory" | "platforms" | "now">,
  options: { immediate?: boolean } = {},
): Promise<NotificationTarget[]> {
  const targets: NotificationTarget[] = [];
  const seen = new Set<string>();
  for (const entry of collected) {
    let target: NotificationTarget | undefined;
    if (entry.channel) {
      if (!context.platforms.has(entry.channel.platform)) continue;
      target = {
        kind: "channel",
        platform: entry.channel.platform,
        address: entry.channel.channel,
        priority: entry.priority,
        rules: entry.rules,
        delivery: "immediate",
      };
    } else if (entry.person) {
      const person = entry.person;
      for (const platform of person.preferences.channels) {
        if (!context.platforms.has(platform)) continue;
        const address = await context.directory.address(person, platform);
        if (!address) continue;
        target = {
          kind: "person",
          personId: person.id,
          platform,
          address,
          priority: entry.priority,
          rules: entry.rules,
          ...deliveryFor(person, entry.priority, context.now, options.immediate ?? false),
        };
        break;
      }
    }
    if (!target) continue;
    // Two identities of one person, or a person and a channel that is their DM, reach one address once.
    const addressKey = `${target.platform}\u0000${target.address}`;
    if (seen.has(addressKey)) continue;
    seen.add(addressKey);
    targets.push(target);
  }
  return targets;
}

function deliveryFor(
  person: Person,
  priority: NotificationPriority,
  now: number,
  immediate: boolean,
): Pick<NotificationTarget, "delivery" | "deliverAt" | "reason"> {
  if (immediate || priority === "critical") return { delivery: "immediate" };
  const quietEnd = quietHoursEnd(person, now);
  if (quietEnd) return { delivery: "digest", deliverAt: quietEnd, reason: "quiet-hours" };
  if (person.preferences.digestPriorities.includes(priority)) {
    const windowMs = person.preferences.digestWindowMinutes * 60_000;
    return {
      delivery: "digest",
      deliverAt: new Date((Math.floor(now / windowMs) + 1) * windowMs),
      reason: "digest",
    };
  }
  return { delivery: "immediate" };
}
