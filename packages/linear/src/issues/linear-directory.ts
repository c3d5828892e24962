import { type IssueStatusCategory, ValidationError } from "@contexten/core";
import type { LinearClient } from "../client/linear-client";
import { CATEGORY_STATE_TYPES } from "./issue-mapping";

/** A team as the directory keeps it. */
export interface LinearTeamRef {
  /** UUID. */
  id: string;
  /** Identifier prefix, e.g. `ENG`. */
  key: string;
  /** Display name. */
  name: string;
}

/** A workflow state as the directory keeps it. */
export interface LinearStateRef {
  /** UUID. */
  id: string;
  /** Display name, e.g. `In Review`. */
  name: string;
  /** `triage`, `backlog`, `unstarted`, `started`, `completed` or `canceled`. */
  type: string;
  /** Order within the team's board; lower comes first. */
  position: number;
  /** Owning team UUID. */
  teamId: string | undefined;
}

/** A label as the directory keeps it. */
export interface LinearLabelRef {
  /** UUID. */
  id: string;
  /** Display name. */
  name: string;
  /** Owning team UUID; undefined for workspace labels. */
  teamId: string | undefined;
}

/** A user as the directory keeps it. */
export interface LinearUserRef {
  /** UUID. */
  id: string;
  /** Full name. */
  name: string;
  /** Short name (the `@handle`). */
  displayName: string;
  /** Email address. */
  email: string;
}

interface Page<Node> {
  nodes: Node[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null | undefined };
}

/** Linear's largest page. */
const PAGE_SIZE = 250;

async function allPages<Node>(fetchPage: (after?: string) => Promise<Page<Node>>): Promise<Node[]> {
  const nodes: Node[] = [];
  let after: string | undefined;
  do {
    const page = await fetchPage(after);
    nodes.push(...page.nodes);
    after = (page.pageInfo.hasNextPage && page.pageInfo.endCursor) || undefined;
  } while (after);
  return nodes;
}

const same = (a: string, b: string) =>
  a.localeCompare(b, undefined, { sensitivity: "accent" }) === 0;

/**
 * Resolves Linear names to ids and back — teams (by key, name or id), workflow states,
 * labels and users — from lists fetched once and kept in the client's `Cache` for the
 * config's `cacheTtlSeconds`. A name that is not in a cached list triggers one refresh
 * before it is reported as unknown, so things created since are found.
 */
export class LinearDirectory {
  readonly #client: LinearClient;
  /** Loads in flight by cache key, so concurrent lookups share one request. */
  readonly #loading = new Map<string, Promise<unknown[]>>();

  constructor(client: LinearClient) {
    this.#client = client;
  }

  /** Every team the API key can see. */
  teams(): Promise<LinearTeamRef[]> {
    return this.#list("teams", async () =>
      allPages((after) => this.#client.sdk.teams({ first: PAGE_SIZE, after })).then((teams) =>
        teams.map((team) => ({ id: team.id, key: team.key, name: team.name })),
      ),
    );
  }

  /** The team with this key (`ENG`), name or id; `ValidationError` when there is none. */
  async team(reference: string): Promise<LinearTeamRef> {
    const wanted = reference.trim();
    const team = await this.#find(
      () => this.teams(),
      "teams",
      (candidate) =>
        candidate.id === wanted || same(candidate.key, wanted) || same(candidate.name, wanted),
    );
    if (team) return team;
    const known = (await this.teams()).map((candidate) => candidate.key).join(", ");
    throw new ValidationError({
      platform: "linear",
      message: `Unknown Linear team "${reference}" (known team keys: ${known || "none"}): pass a team key, name or id.`,
    });
  }

  /** A team's workflow states, ordered by position. */
  states(teamId: string): Promise<LinearStateRef[]> {
    return this.#list(`states:${teamId}`, async () => {
      const states = await allPages((after) =>
        this.#client.sdk.workflowStates({
          first: PAGE_SIZE,
          after,
          filter: { team: { id: { eq: teamId } } },
        }),
      );
      return states
        .map((state) => ({
          id: state.id,
          name: state.name,
          type: state.type,
          position: state.position,
          teamId: state.teamId,
        }))
        .sort((a, b) => a.position - b.position);
    });
  }

  /** One state of a team by id, refreshing the team's states once when it is not cached. */
  state(teamId: string, stateId: string): Promise<LinearStateRef | undefined> {
    return this.#find(
      () => this.states(teamId),
      `states:${teamId}`,
      (state) => state.id === stateId,
    );
  }

  /**
   * The state a normalized category moves an issue of this team to: the team's state of
   * the category's type with the lowest position (`backlog` falls back to `triage`).
   */
  async stateForCategory(teamId: string, category: IssueStatusCategory): Promise<LinearStateRef> {
    const states = await this.states(teamId);
    for (const type of CATEGORY_STATE_TYPES[category]) {
      const state = states.find((candidate) => candidate.type === type);
      if (state) return state;
    }
    throw new ValidationError({
      platform: "linear",
      message: `The Linear team has no workflow state for "${category}" (state types ${CATEGORY_STATE_TYPES[category].join(" or ")}); its states are ${states.map((state) => `${state.name} (${state.type})`).join(", ")}.`,
    });
  }

  /** A team's state by name (case-insensitive); `ValidationError` when there is none. */
  async stateByName(teamId: string, name: string): Promise<LinearStateRef> {
    const state = await this.#find(
      () => this.states(teamId),
      `states:${teamId}`,
      (candidate) => same(candidate.name, name.trim()),
    );
    if (state) return state;
    const known = (await this.states(teamId)).map((candidate) => candidate.name).join(", ");
    throw new ValidationError({
      platform: "linear",
      message: `Unknown Linear workflow state "${name}" for this team (its states: ${known}).`,
    });
  }

  /** Every issue label (workspace and team labels). */
  labels(): Promise<LinearLabelRef[]> {
    return this.#list("labels", async () => {
      const labels = await allPages((after) =>
        this.#client.sdk.issueLabels({ first: PAGE_SIZE, after }),
      );
      return labels.map((label) => ({ id: label.id, name: label.name, teamId: label.teamId }));
    });
  }

  /**
   * Label ids for names usable in a team (its own labels first, then workspace labels).
   * Nothing is created: unknown names raise `ValidationError` listing them.
   */
  async labelIds(teamId: string, names: readonly string[]): Promise<string[]> {
    const usable = (label: LinearLabelRef, name: string) =>
      same(label.name, name.trim()) && (label.teamId === undefined || label.teamId === teamId);
    const resolve = (labels: readonly LinearLabelRef[], name: string) =>
      labels.find((label) => usable(label, name) && label.teamId === teamId) ??
      labels.find((label) => usable(label, name));
    let labels = await this.labels();
    if (names.some((name) => !resolve(labels, name))) {
      await this.#client.cache.delete(this.#key("labels"));
      labels = await this.labels();
    }
    const missing = names.filter((name) => !resolve(labels, name));
    if (missing.length > 0) {
      throw new ValidationError({
        platform: "linear",
        message: `Unknown Linear label(s) ${missing.map((name) => `"${name}"`).join(", ")} for this team; contexten does not create labels. Create them in Linear or use existing ones.`,
      });
    }
    return names.map((name) => resolve(labels, name)!.id);
  }

  /** Label names for ids, in order; ids not found after a refresh are skipped. */
  async labelNames(labelIds: readonly string[]): Promise<string[]> {
    let labels = await this.labels();
    if (labelIds.some((id) => !labels.some((label) => label.id === id))) {
      await this.#client.cache.delete(this.#key("labels"));
      labels = await this.labels();
    }
    return labelIds.flatMap((id) => labels.find((label) => label.id === id)?.name ?? []);
  }

  /** Every user of the workspace. */
  users(): Promise<LinearUserRef[]> {
    return this.#list("users", async () => {
      const users = await allPages((after) => this.#client.sdk.users({ first: PAGE_SIZE, after }));
      return users.map((user) => ({
        id: user.id,
        name: user.name,
        displayName: user.displayName,
        email: user.email,
      }));
    });
  }

  /** The user with this id, email, name or display name, if any. */
  findUser(reference: string): Promise<LinearUserRef | undefined> {
    const wanted = reference.trim().replace(/^@/, "");
    return this.#find(
      () => this.users(),
      "users",
      (user) =>
        user.id === wanted ||
        same(user.email, wanted) ||
        same(user.name, wanted) ||
        same(user.displayName, wanted),
    );
  }

  /** Like {@link findUser}, but raises `ValidationError` when nobody matches. */
  async user(reference: string): Promise<LinearUserRef> {
    const user = await this.findUser(reference);
    if (user) return user;
    throw new ValidationError({
      platform: "linear",
      message: `Unknown Linear user "${reference}": pass a user's email, name, display name or id.`,
    });
  }

  /** Forgets every cached list. */
  async invalidate(): Promise<void> {
    await this.#client.cache.invalidatePattern(this.#key("*"));
  }

  #key(name: string): string {
    return `linear:directory:${name}`;
  }

  async #list<Item>(name: string, load: () => Promise<Item[]>): Promise<Item[]> {
    const key = this.#key(name);
    const cached = await this.#client.cache.get<Item[]>(key);
    if (cached) return cached.value;
    let loading = this.#loading.get(key) as Promise<Item[]> | undefined;
    if (!loading) {
      loading = load()
        .then(async (items) => {
          await this.#client.cache.set(key, items, {
            platform: "linear",
            ttlSeconds: this.#client.config.cacheTtlSeconds,
          });
          return items;
        })
        .finally(() => this.#loading.delete(key));
      this.#loading.set(key, loading);
    }
    return loading;
  }

  async #find<Item>(
    list: () => Promise<Item[]>,
    name: string,
    predicate: (item: Item) => boolean,
  ): Promise<Item | undefined> {
    const found = (await list()).find(predicate);
    if (found) return found;
    await this.#client.cache.delete(this.#key(name));
    return (await list()).find(predicate);
  }
}
