import { ValidationError } from "@contexten/core";
import type { Person } from "../models/person";
import type { IdentityRef } from "./owners";

/**
 * Finds a person's user id on a platform from their email address, where the platform
 * allows it: Slack's `users.lookupByEmail`, Linear's `users(filter: { email })`. Returns
 * undefined when there is no such user.
 */
export type IdentityLookup = (email: string) => Promise<string | undefined>;

const PLATFORM_FIELDS = ["github", "slack", "linear"] as const;

/**
 * Maps identities across platforms (GitHub login ↔ Slack user ↔ Linear user ↔ email): from
 * the configured people first, then by email through the lookups. Lookup answers are
 * remembered for the life of the directory.
 */
export class IdentityDirectory {
  readonly #people = new Map<string, Person>();
  readonly #byIdentity = new Map<string, Person>();
  readonly #lookups: Record<string, IdentityLookup>;
  readonly #found = new Map<string, Promise<string | undefined>>();

  constructor(people: readonly Person[], lookups: Record<string, IdentityLookup> = {}) {
    this.#lookups = lookups;
    for (const person of people) {
      if (this.#people.has(person.id)) {
        throw new ValidationError({
          message: `Two people have the id "${person.id}": give each person a unique id.`,
          issues: [{ path: "people", message: `duplicate id ${person.id}` }],
        });
      }
      this.#people.set(person.id, person);
      for (const field of PLATFORM_FIELDS) {
        const id = person[field];
        if (id) this.#byIdentity.set(identityKey(field, id), person);
      }
      if (person.email) this.#byIdentity.set(identityKey("email", person.email), person);
    }
  }

  /** The configured person with this id. */
  person(id: string): Person | undefined {
    return this.#people.get(id);
  }

  /**
   * The person behind an identity: the configured one (by platform id, then by email), or,
   * when the payload gave an email address, a person known only by it.
   */
  resolve(ref: IdentityRef): Person | undefined {
    const configured =
      this.#byIdentity.get(identityKey(ref.platform, ref.id)) ??
      (ref.email ? this.#byIdentity.get(identityKey("email", ref.email)) : undefined);
    if (configured) return configured;
    if (!ref.email) return undefined;
    return {
      id: `email:${ref.email.toLowerCase()}`,
      email: ref.email,
      ...(ref.name ? { name: ref.name } : {}),
      ...(PLATFORM_FIELDS.includes(ref.platform as never) ? { [ref.platform]: ref.id } : {}),
      timeZone: "UTC",
      preferences: {
        channels: ["slack", "email"],
        digestPriorities: ["low"],
        digestWindowMinutes: 60,
      },
    };
  }

  /** The person's address on `platform`: configured, else looked up by email. */
  async address(person: Person, platform: string): Promise<string | undefined> {
    if (platform === "email") return person.email;
    const configured = (person as Record<string, unknown>)[platform];
    if (typeof configured === "string") return configured;
    const lookup = this.#lookups[platform];
    if (!lookup || !person.email) return undefined;
    const key = identityKey(platform, person.email);
    let found = this.#found.get(key);
    if (!found) {
      found = lookup(person.email).catch((error: unknown) => {
        this.#found.delete(key);
        throw error;
      });
      this.#found.set(key, found);
    }
    return found;
  }
}

function identityKey(platform: string, id: string): string {
  return `${platform}\u0000${platform === "email" || platform === "github" ? id.toLowerCase() : id}`;
}
