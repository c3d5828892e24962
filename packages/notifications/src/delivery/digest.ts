import {
  type CorrelatedEvent,
  defineWorkflowAction,
  type UnifiedNotification,
  type WorkflowDefinitionInput,
} from "@contexten/core";
import { deriveEventId } from "@contexten/core/adapter";
import type { WorkflowEngine } from "@contexten/workflows";
import { z } from "zod";
import type { NotificationTarget } from "../routing/route-event";
import { type DeliveryContext, NotificationEventTypes } from "./delivery-context";
import { internalEvent } from "./internal-event";
import { sendOnce } from "./send-notification";

/** Id of the workflow that sends one digest when its window ends. */
export const DIGEST_WORKFLOW_ID = "contexten.notifications.digest";
/** Name of the action that sends a digest. */
export const SEND_DIGEST_ACTION = "notifications.sendDigest";

/** One digest: a target and the end of its window. */
function digestKey(
  target: Pick<NotificationTarget, "platform" | "address">,
  deliverAt: Date,
): string {
  return `notification:digest:${deriveEventId("contexten.notification.digest", target.platform, target.address, deliverAt.toISOString())}`;
}

/**
 * Puts a notification into its target's digest, durably: the item is an event in the
 * store (its id derived from the digest and the source event, so the same event lands
 * once), and the digest's run (one per target and window, by idempotency key) sleeps in
 * the workflow engine until the window ends. A restart loses neither.
 */
export async function queueForDigest(
  context: DeliveryContext,
  engine: WorkflowEngine,
  options: {
    target: NotificationTarget & { deliverAt: Date };
    notification: UnifiedNotification;
    source: CorrelatedEvent;
  },
): Promise<string> {
  const { target, notification, source } = options;
  const key = digestKey(target, target.deliverAt);
  await context.events.append(
    internalEvent({
      id: deriveEventId("contexten.notification.queued", key, source.id),
      type: NotificationEventTypes.queued,
      now: context.clock.now(),
      subjectId: key,
      keys: [key],
      parentEventId: source.id,
      payload: {
        sourceEventId: source.id,
        correlationId: source.correlationId ?? null,
        platform: target.platform,
        address: target.address,
        rules: target.rules,
        notification: { ...notification, context: {} },
      },
    }),
  );
  await engine.trigger(
    DIGEST_WORKFLOW_ID,
    {
      digestKey: key,
      platform: target.platform,
      address: target.address,
      until: target.deliverAt.toISOString(),
    },
    { idempotencyKey: key },
  );
  return key;
}

/** The workflow: sleep until the window ends, then send what was queued. */
export const digestWorkflow: WorkflowDefinitionInput = {
  id: DIGEST_WORKFLOW_ID,
  name: "Notification digest",
  description: "Sends one message with every notification queued for a target in one window.",
  timeoutMinutes: 2 * 24 * 60,
  steps: [
    {
      id: "wait",
      name: "Wait for the window to end",
      action: "contexten.sleep",
      input: { until: "{{input.until}}" },
    },
    {
      id: "send",
      name: "Send the digest",
      action: SEND_DIGEST_ACTION,
      dependsOn: ["wait"],
      input: {
        digestKey: "{{input.digestKey}}",
        platform: "{{input.platform}}",
        address: "{{input.address}}",
      },
    },
  ],
};

/** One notification waiting in a digest: what it is and which rules sent it. */
export interface QueuedItem {
  /** The event it was routed from. */
  sourceEventId: string;
  /** The notification as it would have been sent alone. */
  notification: UnifiedNotification;
  /** Names of the rules that routed it. */
  rules: string[];
}

/** Composes one notification from the queued ones, oldest first. */
export function composeDigest(items: readonly QueuedItem[]): UnifiedNotification {
  const lines = items.map(({ notification }) => {
    const title = notification.url
      ? `[${notification.title}](${notification.url})`
      : notification.title;
    const first = notification.message.split("\n").find((line) => line.trim().length > 0);
    return `• ${title}${first ? ` — ${first}` : ""}`;
  });
  return {
    title: `${items.length} notification${items.length === 1 ? "" : "s"} since your last digest`,
    message: lines.join("\n"),
    priority: items.some((item) => item.notification.priority === "high") ? "normal" : "low",
    fields: [],
    context: { digest: items.map((item) => item.sourceEventId) },
    actions: [],
  };
}

/** The action that sends a digest (registered on the engine by the router). */
export function sendDigestAction(context: DeliveryContext) {
  return defineWorkflowAction({
    name: SEND_DIGEST_ACTION,
    description: "Send the notifications queued in one digest as one message.",
    input: z.object({
      digestKey: z.string().min(3),
      platform: z.string().min(1),
      address: z.string().min(1),
    }),
    run: async (input) => {
      const queued = (await context.events.findByKeys([input.digestKey]))
        .filter((event) => event.type === NotificationEventTypes.queued)
        .sort(
          (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id.localeCompare(b.id),
        );
      const items = new Map<string, QueuedItem>();
      for (const event of queued) {
        const payload = event.payload as unknown as QueuedItem;
        if (!items.has(payload.sourceEventId)) items.set(payload.sourceEventId, payload);
      }
      if (items.size === 0) return { count: 0, messageId: null };
      const rules = [...new Set([...items.values()].flatMap((item) => item.rules))];
      const delivery = await sendOnce(context, {
        scope: input.digestKey,
        target: { platform: input.platform, address: input.address, rules },
        notification: composeDigest([...items.values()]),
        group: null,
      });
      return { count: items.size, messageId: delivery.messageId };
    },
  });
}
