import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NotificationResult, Notifier } from "../contracts/notifier";
import { ValidationError } from "../errors/validation-error";
import type { DeliveredNotification } from "./delivered-notification";

/** Options for {@link runNotifierConformance}. */
export interface NotifierConformanceOptions {
  /** Suite name, e.g. `"Slack"`. */
  name: string;
  /** Creates the notifier under test (typically against a fake platform server). */
  createNotifier: () => Promise<Notifier> | Notifier;
  /** Called once after the suite. */
  cleanup?: (() => Promise<void> | void) | undefined;
  /** A recipient that exists (a channel id). */
  recipient: string;
  /**
   * Reads back what the platform received for a sent message, so the suite checks
   * delivery and not just the return value. Returns undefined when nothing arrived.
   */
  readBack: (result: NotificationResult) => Promise<DeliveredNotification | undefined>;
  /** Number of messages the platform has received so far (to prove invalid input sent nothing). */
  deliveredCount: () => Promise<number>;
}

/**
 * Checks a {@link Notifier} through its public methods and the platform's own record of
 * what arrived: notifications are delivered with their title, message, fields and
 * priority visible; interactive notifications carry their actions in order; invalid
 * input raises `ValidationError` and sends nothing.
 */
export function runNotifierConformance(options: NotifierConformanceOptions): void {
  describe(`Notifier conformance: ${options.name}`, () => {
    let notifier: Notifier;

    beforeAll(async () => {
      notifier = await options.createNotifier();
    });
    afterAll(async () => {
      await options.cleanup?.();
    });

    it("delivers a notification and reports where it went", async () => {
      const result = await notifier.sendNotification(options.recipient, {
        title: "Deploy finished",
        message: "Version *1.2.3* is live.",
        priority: "high",
        fields: [{ label: "Service", value: "api" }],
      });
      expect(result.platform).toBe(notifier.platform);
      expect(result.messageId.length).toBeGreaterThan(0);
      expect(result.sentAt).toBeInstanceOf(Date);
      const delivered = await options.readBack(result);
      expect(delivered).toBeDefined();
      expect(delivered!.recipient).toBe(result.recipient);
      expect(delivered!.text).toContain("Deploy finished");
      expect(delivered!.text).toContain("1.2.3");
      expect(delivered!.text).toContain("api");
      expect(delivered!.text.toLowerCase()).toContain("high");
    });

    it("delivers an interactive notification with its actions in order", async () => {
      const result = await notifier.createInteractiveNotification(options.recipient, {
        notification: { title: "Approve release?", message: "v1.2.3 is ready." },
        actions: [
          { id: "release_approve", label: "Approve", style: "primary" },
          { id: "release_reject", label: "Reject", style: "danger" },
        ],
        workflowId: "wf-1",
      });
      expect(result.actionIds).toEqual(["release_approve", "release_reject"]);
      expect(result.workflowId).toBe("wf-1");
      const delivered = await options.readBack(result);
      expect(delivered?.actionIds).toEqual(["release_approve", "release_reject"]);
      expect(delivered?.text).toContain("Approve release?");
    });

    it("rejects an invalid notification without sending anything", async () => {
      const before = await options.deliveredCount();
      const error = await notifier
        .sendNotification(options.recipient, { title: "", message: "no title" })
        .catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(error)).toBe(true);
      expect(await options.deliveredCount()).toBe(before);
    });
  });
}
