import { ContextenError, type CorrelatedEvent, ValidationError } from "@contexten/core";
import type { GitHubWebhookHandlerName, GitHubWebhookPayload } from "./github-webhook-payloads";

/** What a handler receives: the delivery, its typed payload and the stored event. */
export interface GitHubWebhookEvent<Name extends string = string> {
  /** `X-GitHub-Delivery`. */
  id: string;
  /** `X-GitHub-Event`, e.g. `pull_request`. */
  name: string;
  /** The payload's `action`, when it has one (`closed` for a merge too). */
  action: string | undefined;
  /** The payload, typed for the handler's name. */
  payload: GitHubWebhookPayload<Name>;
  /** The normalized event as stored (with its `correlationId` once correlated). */
  event: CorrelatedEvent;
}

/** A handler; it may be async. Errors are collected and reported, never lost. */
export type GitHubWebhookHandler<Name extends string = string> = (
  event: GitHubWebhookEvent<Name>,
) => unknown;

const NAME = /^(?:\*|[a-z0-9_]+(?:\.[A-Za-z0-9_.-]+)?)$/;

/**
 * Handlers by event name.
 * `on("pull_request.opened", …)` runs for that action, `on("pull_request", …)` for every
 * action of the event, `on("*", …)` for everything; payloads are typed from GitHub's
 * OpenAPI description. For one event, handlers run in that order (action, event, `*`),
 * each in registration order, one after another.
 */
export class GitHubWebhookHandlers {
  private readonly handlers = new Map<string, Set<GitHubWebhookHandler>>();

  /** Registers a handler; returns a function that removes it. */
  on<Name extends GitHubWebhookHandlerName | (string & {})>(
    name: Name,
    handler: NoInfer<GitHubWebhookHandler<Name>>,
  ): () => void {
    if (!NAME.test(name)) {
      throw new ValidationError({
        platform: "github",
        message: `"${name}" is not a GitHub webhook name; use an event ("pull_request"), an event and action ("pull_request.opened") or "*".`,
      });
    }
    let set = this.handlers.get(name);
    if (!set) {
      set = new Set();
      this.handlers.set(name, set);
    }
    // Stored untyped: `dispatch` hands each handler the payload its name selected.
    const registered = handler as unknown as GitHubWebhookHandler;
    set.add(registered);
    return () => {
      this.handlers.get(name)?.delete(registered);
    };
  }

  /** Removes a handler; false when it was not registered under that name. */
  off(name: string, handler: (event: never) => unknown): boolean {
    return this.handlers.get(name)?.delete(handler as GitHubWebhookHandler) ?? false;
  }

  /** Number of registered handlers. */
  get size(): number {
    let count = 0;
    for (const set of this.handlers.values()) count += set.size;
    return count;
  }

  /**
   * Runs the handlers registered for a stored GitHub event. Events of other platforms are
   * ignored, so it can sit in a handler shared by several sources. When handlers throw,
   * the others still run and one error (code `webhook_handler_failed`) is thrown at the
   * end with every failure in `cause`.
   */
  async dispatch(event: CorrelatedEvent): Promise<void> {
    if (event.platform !== "github" || this.handlers.size === 0) return;
    // `github.<event>.<action…>`: the GitHub event name is the second segment.
    const start = event.type.indexOf(".") + 1;
    const end = event.type.indexOf(".", start);
    const name = event.type.slice(start, end === -1 ? undefined : end);
    const action = typeof event.payload.action === "string" ? event.payload.action : undefined;
    const groups = [
      action === undefined ? undefined : this.handlers.get(`${name}.${action}`),
      this.handlers.get(name),
      this.handlers.get("*"),
    ];
    let delivery: GitHubWebhookEvent | undefined;
    let ran = 0;
    const failures: unknown[] = [];
    for (const group of groups) {
      for (const handler of group ?? []) {
        delivery ??= {
          id: event.deliveryId ?? event.id,
          name,
          action,
          payload: event.payload,
          event,
        };
        ran += 1;
        try {
          await handler(delivery);
        } catch (error) {
          failures.push(error);
        }
      }
    }
    if (failures.length > 0) {
      throw new ContextenError({
        code: "webhook_handler_failed",
        platform: "github",
        message: `${failures.length} of ${ran} handler(s) for ${name}${action ? `.${action}` : ""} failed (delivery ${delivery?.id}): ${failures.map((failure) => (failure instanceof Error ? failure.message : String(failure))).join("; ")}`,
        cause: failures.length === 1 ? failures[0] : new AggregateError(failures),
      });
    }
  }
}
