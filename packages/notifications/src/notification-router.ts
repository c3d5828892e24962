import {
  type Clock,
  ConfigurationError,
  type CorrelatedEvent,
  compileEventPattern,
  type EventStore,
  type Notifier,
  systemClock,
} from "@contexten/core";
import { parseWithSchema } from "@contexten/core/adapter";
import { unifiedNotificationSchema } from "@contexten/core/schemas";
import type { WorkflowEngine } from "@contexten/workflows";
import { z } from "zod";
import type { DeliveryContext, NotificationRenderer } from "./delivery/delivery-context";
import { digestWorkflow, queueForDigest, sendDigestAction } from "./delivery/digest";
import {
  acknowledgeAction,
  acknowledgementEvent,
  escalateAction,
  escalationWorkflow,
  notificationIdOf,
  readSlackAcknowledgement,
  startEscalation,
} from "./delivery/escalation";
import { renderEventNotification } from "./delivery/render-event";
import { type DeliveryRecord, sendOnce } from "./delivery/send-notification";
import { type NotificationRuleInput, notificationRuleSchema } from "./models/notification-rule";
import { type PersonInput, personSchema } from "./models/person";
import { IdentityDirectory, type IdentityLookup } from "./routing/identity-directory";
import type { OwnerSource } from "./routing/owners";
import { type CompiledRule, type NotificationTarget, routeEvent } from "./routing/route-event";

/** Options of {@link createNotificationRouter}. */
export interface NotificationRouterOptions {
  /** Routing rules, as data (validated). */
  rules: readonly NotificationRuleInput[];
  /** People, their identities and preferences (validated). */
  people?: readonly PersonInput[] | undefined;
  /** Notifiers, one per platform (`SlackNotifier`, `EmailNotifier`, …). */
  notifiers: readonly Notifier[];
  /** The workflow engine that keeps digests and escalations durable. */
  engine: WorkflowEngine;
  /** The event store (delivery records, digest queues, threads, acknowledgements). */
  events: EventStore;
  /**
   * Finds a person's id on a platform by email, used where configuration does not map
   * them: `{ slack: slackIdentityLookup(slackClient), linear: linearIdentityLookup(linearClient) }`
   * (from `@contexten/slack` and `@contexten/linear`). Answers are cached.
   */
  lookups?: Record<string, IdentityLookup> | undefined;
  /**
   * Owners beyond those the payload names, e.g. `[codeownersOwnerSource({ client: github })]`
   * from `@contexten/analysis` (role `codeowners`: the CODEOWNERS of a pull request's
   * changed files). Each is asked only for events a rule targeting its roles matches.
   */
  ownerSources?: readonly OwnerSource[] | undefined;
  /** Renders an event as a notification (default {@link renderEventNotification}). */
  render?: NotificationRenderer | undefined;
  /** Time for routing decisions (quiet hours, digest windows); use the engine's clock. */
  clock?: Clock | undefined;
}

/** What {@link NotificationRouter.dispatch} did for one event. */
export interface DispatchResult {
  /** Where it was routed. */
  targets: NotificationTarget[];
  /** Immediate deliveries. */
  sent: DeliveryRecord[];
  /** Digest keys it was queued into. */
  queued: string[];
  /** The notification id when an escalation was started. */
  escalation: string | undefined;
  /** The notification acknowledged, when the event was an acknowledgement. */
  acknowledged: string | undefined;
}

/**
 * Routes events to people and channels and delivers them: rules map an event to owners,
 * channels and people; preferences pick the platform and the time (quiet hours, digests);
 * urgent notifications escalate when not acknowledged. Digests and escalations are
 * workflow runs, so they survive restarts.
 */
export class NotificationRouter {
  readonly #context: DeliveryContext;
  readonly #engine: WorkflowEngine;

  constructor(options: NotificationRouterOptions) {
    if (!options.engine || !options.events) {
      throw new ConfigurationError({
        message:
          "createNotificationRouter needs `engine` (a WorkflowEngine) and `events` (an EventStore): digests and escalations are kept there.",
      });
    }
    const rules = parseWithSchema(
      z.array(notificationRuleSchema),
      options.rules,
      "notification rules",
    );
    const names = new Set<string>();
    for (const rule of rules) {
      if (names.has(rule.name)) {
        throw new ConfigurationError({
          message: `Two notification rules are named "${rule.name}": give each rule a unique name.`,
        });
      }
      names.add(rule.name);
    }
    const people = parseWithSchema(z.array(personSchema), options.people ?? [], "people");
    const compiled: CompiledRule[] = rules.map((rule) => ({
      rule,
      matchers: (Array.isArray(rule.events) ? rule.events : [rule.events]).map((pattern) =>
        compileEventPattern(pattern),
      ),
    }));
    this.#context = {
      events: options.events,
      notifiers: new Map(options.notifiers.map((notifier) => [notifier.platform, notifier])),
      directory: new IdentityDirectory(people, options.lookups),
      ownerSources: options.ownerSources ?? [],
      rules: compiled,
      render: options.render ?? renderEventNotification,
      clock: options.clock ?? systemClock,
    };
    this.#engine = options.engine;
    const registered = new Set(options.engine.actionNames);
    for (const action of [sendDigestAction(this.#context), escalateAction(this.#context)]) {
      if (!registered.has(action.name)) options.engine.registerAction(action);
    }
    options.engine.register(digestWorkflow);
    options.engine.register(escalationWorkflow);
  }

  /** Where an event would go, without sending anything. */
  route(event: CorrelatedEvent): Promise<NotificationTarget[]> {
    const notification = parseWithSchema(
      unifiedNotificationSchema,
      this.#context.render(event),
      "notification",
    );
    return routeEvent(event, {
      rules: this.#context.rules,
      directory: this.#context.directory,
      ownerSources: this.#context.ownerSources,
      platforms: new Set(this.#context.notifiers.keys()),
      now: this.#context.clock.now(),
      basePriority: notification.priority,
    });
  }

  /**
   * Routes and delivers an event (call it for every stored event, after correlation, so the
   * correlation group threads follow-ups). Safe to call again for the same event: nothing
   * is sent twice. A Slack click on an "Acknowledge" button acknowledges its notification.
   */
  async dispatch(event: CorrelatedEvent): Promise<DispatchResult> {
    const result: DispatchResult = {
      targets: [],
      sent: [],
      queued: [],
      escalation: undefined,
      acknowledged: undefined,
    };
    const click = readSlackAcknowledgement(event);
    if (click) {
      await this.acknowledge(click.notificationId, click.by);
      return { ...result, acknowledged: click.notificationId };
    }
    if (event.platform === "contexten" && event.type.startsWith("notification.")) return result;
    const context = this.#context;
    const rendered = parseWithSchema(
      unifiedNotificationSchema,
      context.render(event),
      "notification",
    );
    const targets = await routeEvent(event, {
      rules: context.rules,
      directory: context.directory,
      ownerSources: context.ownerSources,
      platforms: new Set(context.notifiers.keys()),
      now: context.clock.now(),
      basePriority: rendered.priority,
    });
    result.targets = targets;
    const escalating = context.rules.filter(
      ({ rule }) => rule.escalation && targets.some((target) => target.rules.includes(rule.name)),
    );
    const urgent = targets.some((target) => target.priority === "critical");
    const notificationId = notificationIdOf(event);
    for (const target of targets) {
      const notification = { ...rendered, priority: target.priority };
      if (target.delivery === "digest" && target.deliverAt) {
        result.queued.push(
          await queueForDigest(context, this.#engine, {
            target: { ...target, deliverAt: target.deliverAt },
            notification,
            source: event,
          }),
        );
        continue;
      }
      const askForAck = urgent && escalating.some(({ rule }) => target.rules.includes(rule.name));
      result.sent.push(
        await sendOnce(context, {
          scope: event.id,
          target,
          notification,
          group: event.correlationId,
          parentEventId: event.id,
          ...(askForAck
            ? { interactive: { actions: [acknowledgeAction], context: { notificationId } } }
            : {}),
        }),
      );
    }
    if (urgent && escalating.length > 0) {
      // The escalation reads the event back when its deadline passes; appending is
      // idempotent, so an event the webhook handler stored already is left as it is.
      await context.events.append(event);
      result.escalation = await startEscalation(this.#engine, {
        source: event,
        rules: escalating.map(({ rule }) => rule.name),
        afterMinutes: Math.min(...escalating.map(({ rule }) => rule.escalation!.afterMinutes)),
      });
    }
    return result;
  }

  /**
   * Acknowledges an urgent notification (for links in emails or your own UI; Slack clicks
   * arrive through {@link NotificationRouter.dispatch}): its escalation stops. Idempotent.
   */
  async acknowledge(notificationId: string, by?: string): Promise<void> {
    const event = acknowledgementEvent(notificationId, by, this.#context.clock.now());
    await this.#context.events.append(event);
    await this.#engine.onEvent((await this.#context.events.get(event.id)) ?? event);
  }
}

/** Creates a {@link NotificationRouter}. */
export function createNotificationRouter(options: NotificationRouterOptions): NotificationRouter {
  return new NotificationRouter(options);
}
