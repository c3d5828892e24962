import { type Clock, systemClock } from "@contexten/core";
import { deriveEventId } from "@contexten/core/adapter";
import type {
  FakeLinearAttachment,
  FakeLinearComment,
  FakeLinearIssue,
  FakeLinearLabel,
  FakeLinearTeam,
  FakeLinearUser,
  FakeLinearWorkflowState,
} from "./fake-linear-records";
import {
  DEFAULT_FAKE_STATES,
  type FakeIssueInput,
  type FakeLinearSeed,
  type FakeStateInput,
} from "./fake-linear-seed";

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);

const same = (a: string, b: string) => a.toLowerCase() === b.trim().toLowerCase();

/**
 * The state of a fake Linear workspace: plain arrays a test can seed and inspect, and
 * helpers that keep them consistent the way Linear does (issue numbers per team, state
 * timestamps, identifiers that change when an issue moves teams and are remembered in
 * `previousIdentifiers`). Ids are deterministic UUIDs.
 */
export class FakeLinearWorkspace {
  /** Organization id, url key and name. */
  organization = { id: "", urlKey: "acme", name: "Acme" };
  /** Teams. */
  readonly teams: FakeLinearTeam[] = [];
  /** Workflow states of every team. */
  readonly workflowStates: FakeLinearWorkflowState[] = [];
  /** Labels. */
  readonly labels: FakeLinearLabel[] = [];
  /** Users; the first is the viewer. */
  readonly users: FakeLinearUser[] = [];
  /** Issues. */
  readonly issues: FakeLinearIssue[] = [];
  /** Attachments. */
  readonly attachments: FakeLinearAttachment[] = [];
  /** Comments. */
  readonly comments: FakeLinearComment[] = [];
  readonly #clock: Clock;
  #sequence = 0;

  constructor(options: { clock?: Clock; seed?: FakeLinearSeed } = {}) {
    this.#clock = options.clock ?? systemClock;
    this.organization.id = this.newId("organization");
    if (options.seed) this.seed(options.seed);
  }

  /** Adds everything in a seed, in dependency order. */
  seed(seed: FakeLinearSeed): this {
    if (seed.organization?.urlKey) this.organization.urlKey = seed.organization.urlKey;
    if (seed.organization?.name) this.organization.name = seed.organization.name;
    for (const user of seed.users ?? []) this.addUser(user);
    for (const team of seed.teams ?? []) this.addTeam(team);
    for (const label of seed.labels ?? []) this.addLabel(label);
    for (const issue of seed.issues ?? []) this.addIssue(issue);
    for (const attachment of seed.attachments ?? []) this.addAttachment(attachment);
    for (const comment of seed.comments ?? []) this.addComment(comment);
    return this;
  }

  /** A deterministic UUID for a new record. */
  newId(kind: string): string {
    this.#sequence += 1;
    return deriveEventId("fake-linear", kind, this.#sequence);
  }

  /** Now on the workspace clock, ISO. */
  now(): string {
    return new Date(this.#clock.now()).toISOString();
  }

  /** The user the API key belongs to (the first user; created on demand). */
  get viewer(): FakeLinearUser {
    return this.users[0] ?? this.addUser({ name: "API User", email: "api@acme.test" });
  }

  /** Adds a user. */
  addUser(input: { name: string; email: string; displayName?: string; id?: string }) {
    const user: FakeLinearUser = {
      id: input.id ?? this.newId("user"),
      name: input.name,
      email: input.email,
      displayName: input.displayName ?? input.email.split("@")[0]!,
    };
    this.users.push(user);
    return user;
  }

  /** Adds a team with its workflow states (default {@link DEFAULT_FAKE_STATES}). */
  addTeam(input: { key: string; name?: string; states?: FakeStateInput[]; id?: string }) {
    const team: FakeLinearTeam = {
      id: input.id ?? this.newId("team"),
      key: input.key.toUpperCase(),
      name: input.name ?? input.key,
      issueCount: 0,
    };
    this.teams.push(team);
    for (const [index, state] of (input.states ?? DEFAULT_FAKE_STATES).entries()) {
      this.workflowStates.push({
        id: this.newId("state"),
        name: state.name,
        type: state.type,
        position: state.position ?? index,
        teamId: team.id,
        color: "#95a2b3",
      });
    }
    return team;
  }

  /** Adds a label (a team label when `team` is given). */
  addLabel(input: { name: string; team?: string; color?: string; id?: string }) {
    const label: FakeLinearLabel = {
      id: input.id ?? this.newId("label"),
      name: input.name,
      color: input.color ?? "#eb5757",
      ...(input.team ? { teamId: this.team(input.team).id } : {}),
    };
    this.labels.push(label);
    return label;
  }

  /** Adds an issue the way `issueCreate` does. */
  addIssue(input: FakeIssueInput): FakeLinearIssue {
    const team = this.team(input.team);
    const number = input.number ?? team.issueCount + 1;
    team.issueCount = Math.max(team.issueCount, number);
    const now = this.now();
    const issue: FakeLinearIssue = {
      id: input.id ?? this.newId("issue"),
      identifier: `${team.key}-${number}`,
      number,
      teamId: team.id,
      title: input.title,
      description: input.description ?? "",
      stateId: input.state ? this.state(team.id, input.state).id : this.defaultState(team).id,
      priority: input.priority ?? 0,
      labelIds: (input.labels ?? []).map((label) => this.label(label).id),
      creatorId: this.viewer.id,
      previousIdentifiers: [],
      createdAt: now,
      updatedAt: now,
    };
    if (input.assignee) issue.assigneeId = this.user(input.assignee).id;
    this.stampState(issue, now);
    this.issues.push(issue);
    return issue;
  }

  /**
   * Moves an issue to another team as Linear does: a new number in that team, the old
   * identifier appended to `previousIdentifiers`, and the state of the same type (lowest
   * position) in the new team.
   */
  moveIssue(reference: string, toTeam: string): FakeLinearIssue {
    const issue = this.issue(reference);
    const team = this.team(toTeam);
    if (issue.teamId === team.id) return issue;
    const stateType = this.workflowStates.find((state) => state.id === issue.stateId)?.type;
    team.issueCount += 1;
    issue.previousIdentifiers.push(issue.identifier);
    issue.number = team.issueCount;
    issue.identifier = `${team.key}-${issue.number}`;
    issue.teamId = team.id;
    const sameType = this.teamStates(team.id).find((state) => state.type === stateType);
    issue.stateId = (sameType ?? this.defaultState(team)).id;
    issue.updatedAt = this.now();
    return issue;
  }

  /** Adds an attachment to an issue (same URL on the same issue updates it). */
  addAttachment(input: {
    issue: string;
    url: string;
    title?: string;
    subtitle?: string;
    sourceType?: string;
    metadata?: Record<string, unknown>;
  }): FakeLinearAttachment {
    const issue = this.issue(input.issue);
    const now = this.now();
    const existing = this.attachments.find(
      (attachment) => attachment.issueId === issue.id && attachment.url === input.url,
    );
    if (existing) {
      if (input.title) existing.title = input.title;
      existing.updatedAt = now;
      return existing;
    }
    const attachment: FakeLinearAttachment = {
      id: this.newId("attachment"),
      issueId: issue.id,
      url: input.url,
      title: input.title ?? input.url,
      sourceType: input.sourceType ?? "url",
      metadata: input.metadata ?? {},
      createdAt: now,
      updatedAt: now,
      ...(input.subtitle ? { subtitle: input.subtitle } : {}),
    };
    this.attachments.push(attachment);
    return attachment;
  }

  /** Adds a comment to an issue (by the viewer unless `user` is given). */
  addComment(input: { issue: string; body: string; user?: string }): FakeLinearComment {
    const now = this.now();
    const comment: FakeLinearComment = {
      id: this.newId("comment"),
      issueId: this.issue(input.issue).id,
      body: input.body,
      userId: input.user ? this.user(input.user).id : this.viewer.id,
      createdAt: now,
      updatedAt: now,
    };
    this.comments.push(comment);
    return comment;
  }

  /** The issue with this UUID, identifier or previous identifier, if any. */
  findIssue(reference: string): FakeLinearIssue | undefined {
    const wanted = reference.trim().toUpperCase();
    return (
      this.issues.find((issue) => issue.id === reference) ??
      this.issues.find((issue) => issue.identifier === wanted) ??
      this.issues.find((issue) => issue.previousIdentifiers.includes(wanted))
    );
  }

  /** Like {@link findIssue} but throws when missing. */
  issue(reference: string): FakeLinearIssue {
    const issue = this.findIssue(reference);
    if (!issue) throw new Error(`fake Linear has no issue ${reference}`);
    return issue;
  }

  /** The team with this id, key or name. */
  team(reference: string): FakeLinearTeam {
    const team = this.teams.find(
      (candidate) =>
        candidate.id === reference ||
        same(candidate.key, reference) ||
        same(candidate.name, reference),
    );
    if (!team) throw new Error(`fake Linear has no team ${reference}`);
    return team;
  }

  /** A team's states by position. */
  teamStates(teamId: string): FakeLinearWorkflowState[] {
    return this.workflowStates
      .filter((state) => state.teamId === teamId)
      .sort((a, b) => a.position - b.position);
  }

  /** A team's state by id or name. */
  state(teamId: string, reference: string): FakeLinearWorkflowState {
    const state = this.teamStates(teamId).find(
      (candidate) => candidate.id === reference || same(candidate.name, reference),
    );
    if (!state) throw new Error(`fake Linear team ${teamId} has no state ${reference}`);
    return state;
  }

  /** The state new issues of a team start in. */
  defaultState(team: FakeLinearTeam): FakeLinearWorkflowState {
    const states = this.teamStates(team.id);
    const state =
      states.find((candidate) => candidate.id === team.defaultStateId) ??
      states.find((candidate) => candidate.type === "backlog") ??
      states.find((candidate) => candidate.type === "unstarted") ??
      states[0];
    if (!state) throw new Error(`fake Linear team ${team.key} has no workflow states`);
    return state;
  }

  /** The label with this id or name. */
  label(reference: string): FakeLinearLabel {
    const label = this.labels.find(
      (candidate) => candidate.id === reference || same(candidate.name, reference),
    );
    if (!label) throw new Error(`fake Linear has no label ${reference}`);
    return label;
  }

  /** The user with this id, email, name or display name. */
  user(reference: string): FakeLinearUser {
    const user = this.users.find(
      (candidate) =>
        candidate.id === reference ||
        same(candidate.email, reference) ||
        same(candidate.name, reference) ||
        same(candidate.displayName, reference),
    );
    if (!user) throw new Error(`fake Linear has no user ${reference}`);
    return user;
  }

  /** `https://linear.app/<urlKey>/issue/ENG-1/<title-slug>`. */
  issueUrl(issue: FakeLinearIssue): string {
    return `https://linear.app/${this.organization.urlKey}/issue/${issue.identifier}/${slug(issue.title)}`;
  }

  /** Linear's suggested branch: `<viewer>/<eng-1>-<title-slug>`. */
  branchName(issue: FakeLinearIssue): string {
    return `${slug(this.viewer.displayName)}/${issue.identifier.toLowerCase()}-${slug(issue.title)}`.slice(
      0,
      100,
    );
  }

  /** Records when an issue entered its current state's type (started/completed/canceled). */
  stampState(issue: FakeLinearIssue, at: string): void {
    const type = this.workflowStates.find((state) => state.id === issue.stateId)?.type;
    if (type === "started") issue.startedAt ??= at;
    if (type === "completed") issue.completedAt = at;
    if (type === "canceled") issue.canceledAt = at;
  }
}
