import {
  type CorrelatedEvent,
  defineWorkflowAction,
  NotFoundError,
  type NotificationAction,
  type WorkflowDefinitionInput,
} from "@contexten/core";
import { deriveEventId } from "@contexten/core/adapter";
import type { WorkflowEngine } from "@contexten/workflows";
import { z } from "zod";
import { collectTargets, resolveDeliveries } from "../routing/route-event";
import { type DeliveryContext, NotificationEventTypes } from "./delivery-context";
import { internalEvent } from "./internal-event";
import { sendOnce } from "./send-notification";

/** Id of the workflow that escalates an unacknowledged urgent notification. */
export const ESCALATION_WORKFLOW_ID = "contexten.notifications.escalation";
/** Name of the action that notifies the escalation targets. */
export const ESCALATE_ACTION = "notifications.escalate";
/** Action id of the "Acknowledge" button (Slack) or link (email). */
export const ACKNOWLEDGE_ACTION_ID = "contexten_notification_ack";

/** The button or link offered with an urgent notification that escalates. */
export const acknowledgeAction: NotificationAction = {
  id: ACKNOWLEDGE_ACTION_ID,
  label: "Acknowledge",
  style: "primary",
};

/** The id of the notification sent for an event (the same for every target). */
export function notificationIdOf(event: CorrelatedEvent): string {
  return deriveEventId("contexten.notification", event.id);
}

/** The correlation key an acknowledgement of `notificationId` carries. */
export function acknowledgementKey(notificationId: string): string {
  return `notification:ack:${notificationId}`;
}

/**
 * Starts the escalation of an urgent notification: a workflow run (one per notification,
 * by idempotency key) waits, durably, for its acknowledgement and notifies the rules'
 * escalation targets when the deadline passes first.
 */
export async function startEscalation(
  engine: WorkflowEngine,
  options: { source: CorrelatedEvent; rules: string[]; afterMinutes: number },
): Promise<string> {
  const notificationId = notificationIdOf(options.source);
  await engine.trigger(
    ESCALATION_WORKFLOW_ID,
    {
      notificationId,
      ackKey: acknowledgementKey(notificationId),
      timeoutSeconds: Math.round(options.afterMinutes * 60),
      sourceEventId: options.source.id,
      rules: options.rules,
    },
    { idempotencyKey: notificationId },
  );
  return notificationId;
}

/** The workflow: wait for the acknowledgement; escalate when the deadline passes first. */
export const escalationWorkflow: WorkflowDefinitionInput = {
  id: ESCALATION_WORKFLOW_ID,
  name: "Notification escalation",
  description:
    "Notifies the escalation targets when an urgent notification is not acknowledged in time.",
  timeoutMinutes: 7 * 24 * 60,
  steps: [
    {
      id: "acknowledged",
      name: "Wait for an acknowledgement",
      action: "contexten.awaitEvent",
      input: {
        pattern: { type: NotificationEventTypes.acknowledged },
        key: "{{input.ackKey}}",
        timeoutSeconds: "{{input.timeoutSeconds}}",
        onTimeout: "continue",
      },
    },
    {
      id: "escalate",
      name: "Escalate",
      action: ESCALATE_ACTION,
      dependsOn: ["acknowledged"],
      when: [{ path: "steps.acknowledged.output.timedOut", operator: "equals", value: true }],
      input: {
        notificationId: "{{input.notificationId}}",
        sourceEventId: "{{input.sourceEventId}}",
        rules: "{{input.rules}}",
        timeoutSeconds: "{{input.timeoutSeconds}}",
      },
    },
  ],
};

/** The action that notifies escalation targets (registered on the engine by the router). */
export function escalateAction(context: DeliveryContext) {
  return defineWorkflowAction({
    name: ESCALATE_ACTION,
    description: "Notify the escalation targets of an unacknowledged urgent notification.",
    input: z.object({
      notificationId: z.string().min(1),
      sourceEventId: z.string().min(1),
      rules: z.array(z.string()),
      timeoutSeconds: z.number(),
    }),
    run: async (input) => {
      const source = await context.events.get(input.sourceEventId);
      if (!source) {
        throw new NotFoundError({
          entity: "event",
          id: input.sourceEventId,
          message: `The event ${input.sourceEventId} to escalate is no longer in the store (pruned?).`,
        });
      }
      const entries = context.rules.flatMap(({ rule }) =>
        input.rules.includes(rule.name) && rule.escalation
          ? [{ rule, specs: rule.escalation.to }]
          : [],
      );
      const collected = await collectTargets(source, entries, context, "critical");
      const targets = await resolveDeliveries(
        collected,
        {
          directory: context.directory,
          platforms: new Set(context.notifiers.keys()),
          now: context.clock.now(),
        },
        { immediate: true },
      );
      const rendered = context.render(source);
      const notified: string[] = [];
      for (const target of targets) {
        await sendOnce(context, {
          scope: `${input.notificationId}:escalation`,
          target,
          notification: {
            ...rendered,
            title: `Escalated: ${rendered.title}`,
            message: `Nobody acknowledged this within ${Math.round(input.timeoutSeconds / 60)} minutes.\n\n${rendered.message}`,
            priority: "critical",
          },
          group: source.correlationId,
          parentEventId: source.id,
        });
        notified.push(`${target.platform}:${target.address}`);
      }
      return { notified };
    },
  });
}

/** Builds the acknowledgement event of a notification. */
export function acknowledgementEvent(
  notificationId: string,
  by: string | undefined,
  now: number,
): CorrelatedEvent {
  return internalEvent({
    id: deriveEventId("contexten.notification.ack", notificationId),
    type: NotificationEventTypes.acknowledged,
    now,
    subjectId: notificationId,
    keys: [acknowledgementKey(notificationId)],
    payload: { notificationId, ...(by ? { by } : {}) },
  });
}

/**
 * Reads a Slack click on an "Acknowledge" button: the notification id travels in the
 * button's value (the Slack notifier's handback, `{ contexten: { context } }`).
 */
export function readSlackAcknowledgement(
  event: CorrelatedEvent,
): { notificationId: string; by: string | undefined } | undefined {
  if (event.platform !== "slack" || event.type !== "slack.interaction.block_actions")
    return undefined;
  const actions = Array.isArray(event.payload.actions) ? event.payload.actions : [];
  for (const action of actions as Array<Record<string, unknown>>) {
    if (action?.action_id !== ACKNOWLEDGE_ACTION_ID || typeof action.value !== "string") continue;
    try {
      const handback = JSON.parse(action.value) as {
        contexten?: { context?: { notificationId?: unknown } };
      };
      const notificationId = handback.contexten?.context?.notificationId;
      if (typeof notificationId !== "string") continue;
      const user = event.payload.user as { id?: unknown } | undefined;
      return { notificationId, by: typeof user?.id === "string" ? user.id : undefined };
    } catch {}
  }
  return undefined;
}
