import type { CorrelatedEvent } from "@contexten/core";
import type { OwnerRole } from "../models/notification-rule";

/** Someone an event names, by one of their platform identities. */
export interface IdentityRef {
  /** Platform the identity belongs to (`github`, `linear`, `slack`). */
  platform: string;
  /** Login or user id on that platform. */
  id: string;
  /** Email address, when the payload tells it. */
  email?: string | undefined;
  /** Display name, when the payload tells it. */
  name?: string | undefined;
}

/** An owner of an event's object, with the role that makes them one. */
export interface OwnerRef extends IdentityRef {
  /** Why they own it. */
  role: OwnerRole;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function githubUser(value: unknown, role: OwnerRole): OwnerRef[] {
  const login = text(record(value)?.login);
  // Teams requested as reviewers have a slug, not a login; they are not people.
  return login ? [{ platform: "github", id: login, role }] : [];
}

function githubOwners(payload: Record<string, unknown>): OwnerRef[] {
  const item = record(payload.pull_request) ?? record(payload.issue);
  if (!item) return [];
  return [
    ...githubUser(item.user, "author"),
    ...list(item.requested_reviewers).flatMap((user) => githubUser(user, "reviewers")),
    ...githubUser(payload.requested_reviewer, "reviewers"),
    ...list(item.assignees).flatMap((user) => githubUser(user, "assignees")),
  ];
}

function linearUser(
  data: Record<string, unknown>,
  field: "assignee" | "creator",
  role: OwnerRole,
): OwnerRef[] {
  const user = record(data[field]);
  const id = text(user?.id) ?? text(data[`${field}Id`]);
  return id
    ? [{ platform: "linear", id, role, email: text(user?.email), name: text(user?.name) }]
    : [];
}

function linearOwners(payload: Record<string, unknown>): OwnerRef[] {
  const data = record(payload.data);
  if (!data) return [];
  return [
    ...linearUser(data, "creator", "author"),
    ...linearUser(data, "assignee", "assignees"),
    ...list(data.subscriberIds).flatMap((id) =>
      text(id) ? [{ platform: "linear", id: id as string, role: "subscribers" as const }] : [],
    ),
  ];
}

/**
 * The owners of the object an event is about, read from its payload: a GitHub PR's or
 * issue's author, requested reviewers (users, not teams) and assignees; a Linear issue's
 * creator, assignee and subscribers.
 */
export function findOwners(event: Pick<CorrelatedEvent, "platform" | "payload">): OwnerRef[] {
  if (event.platform === "github") return githubOwners(event.payload);
  if (event.platform === "linear") return linearOwners(event.payload);
  return [];
}

/**
 * Adds owners the payload does not name, for example the CODEOWNERS of a pull request's
 * changed files (`codeownersOwnerSource` in `@contexten/analysis`).
 */
export interface OwnerSource {
  /**
   * The roles of the owners it adds: it is asked only for events a rule targeting one of
   * them (or all owners) matches, once per event.
   */
  readonly roles: readonly OwnerRole[];
  /** The owners it adds for an event. */
  owners(event: CorrelatedEvent): Promise<readonly OwnerRef[]>;
}

/**
 * The owners of an event with one of `roles` (all when absent): those its payload names,
 * then those the sources that add such roles find. Each source is asked once per `ask`.
 */
export function ownerFinder(
  event: CorrelatedEvent,
  sources: readonly OwnerSource[],
): (roles?: readonly OwnerRole[]) => Promise<OwnerRef[]> {
  const fromPayload = findOwners(event);
  const asked = new Map<OwnerSource, Promise<readonly OwnerRef[]>>();
  return async (roles) => {
    const wanted = (role: OwnerRole) => !roles || roles.includes(role);
    const found = await Promise.all(
      sources
        .filter((source) => source.roles.some(wanted))
        .map((source) => {
          let owners = asked.get(source);
          if (!owners) {
            owners = source.owners(event);
            asked.set(source, owners);
          }
          return owners;
        }),
    );
    return [...fromPayload, ...found.flat()].filter((owner) => wanted(owner.role));
  };
}

/** Who caused the event (GitHub `sender`, Linear `actor`, Slack `user`), when known. */
export function findActor(
  event: Pick<CorrelatedEvent, "platform" | "payload">,
): IdentityRef | undefined {
  const payload = event.payload;
  if (event.platform === "github") {
    const login = text(record(payload.sender)?.login);
    return login ? { platform: "github", id: login } : undefined;
  }
  if (event.platform === "linear") {
    const actor = record(payload.actor);
    const id = text(actor?.id);
    return id ? { platform: "linear", id, email: text(actor?.email) } : undefined;
  }
  if (event.platform === "slack") {
    const user = record(payload.user);
    const id = text(user?.id) ?? text(payload.user);
    return id ? { platform: "slack", id } : undefined;
  }
  return undefined;
}
