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
 * the configured people first, then by email through the lookups. Lookup answers (found or
 * not) are remembered for the life of the directory; failed lookups are asked again.
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
   * The person behind an identity: the configured one (by platform id, then by email); else
   * a configured person without an id on that platform whose email the platform's lookup
   * answers with this id (a Linear user id, for example); else, when the payload gave an
   * email address, a person known only by it.
   */
  async resolve(ref: IdentityRef): Promise<Person | undefined> {
    const configured =
      this.#byIdentity.get(identityKey(ref.platform, ref.id)) ??
      (ref.email ? this.#byIdentity.get(identityKey("email", ref.email)) : undefined) ??
      (await this.#byLookup(ref));
    if (configured) return configured;
    if (!ref.email) return undefined;
    return {
      id: `email:${ref.email.toLowerCase()}`,
      email: ref.email,
      ...(ref.name ? { name: ref.name } : {}),
      ...(isPlatformField(ref.platform) ? { [ref.platform]: ref.id } : {}),
      timeZone: "UTC",
      preferences: {
        channels: ["slack", "email"],
        digestPriorities: ["low"],
        digestWindowMinutes: 60,
      },
    };
  }

  async #byLookup(ref: IdentityRef): Promise<Person | undefined> {
    if (!isPlatformField(ref.platform) || !this.#lookups[ref.platform]) return undefined;
    for (const person of this.#people.values()) {
      if (!person.email || person[ref.platform]) continue;
      if ((await this.#lookUp(ref.platform, person.email)) === ref.id) return person;
    }
    return undefined;
  }

  /** The person's address on `platform`: configured, else looked up by email. */
  async address(person: Person, platform: string): Promise<string | undefined> {
    if (platform === "email") return person.email;
    const configured = (person as Record<string, unknown>)[platform];
    if (typeof configured === "string") return configured;
    if (!this.#lookups[platform] || !person.email) return undefined;
    return this.#lookUp(platform, person.email);
  }

  #lookUp(platform: string, email: string): Promise<string | undefined> {
    const key = identityKey(platform, email.toLowerCase());
    let found = this.#found.get(key);
    if (!found) {
      found = this.#lookups[platform]!(email).catch((error: unknown) => {
        this.#found.delete(key);
        throw error;
      });
      this.#found.set(key, found);
    }
    return found;
  }
}

function isPlatformField(platform: string): platform is (typeof PLATFORM_FIELDS)[number] {
  return (PLATFORM_FIELDS as readonly string[]).includes(platform);
}

function identityKey(platform: string, id: string): string {
  return `${platform}\u0000${platform === "email" || platform === "github" ? id.toLowerCase() : id}`;
}
