import type { FakeLinearStateType } from "./fake-linear-records";

/** A state to create with a team: name and type, optionally an explicit position. */
export interface FakeStateInput {
  /** Display name. */
  name: string;
  /** State type. */
  type: FakeLinearStateType;
  /** Board order; defaults to the index in the list. */
  position?: number | undefined;
}

/** The states every fake team gets unless told otherwise (Linear's defaults plus review). */
export const DEFAULT_FAKE_STATES: readonly FakeStateInput[] = [
  { name: "Triage", type: "triage" },
  { name: "Backlog", type: "backlog" },
  { name: "Todo", type: "unstarted" },
  { name: "In Progress", type: "started" },
  { name: "In Review", type: "started" },
  { name: "Done", type: "completed" },
  { name: "Canceled", type: "canceled" },
  { name: "Duplicate", type: "canceled" },
];

/** Input of {@link FakeLinearWorkspace.addIssue}; names are resolved like Linear's UI does. */
export interface FakeIssueInput {
  /** Team key, name or id. */
  team: string;
  /** Title. */
  title: string;
  /** Markdown description. */
  description?: string | undefined;
  /** State name or id; default: the team's default state. */
  state?: string | undefined;
  /** 0–4. */
  priority?: number | undefined;
  /** Label names or ids. */
  labels?: string[] | undefined;
  /** Assignee email, name or id. */
  assignee?: string | undefined;
  /** Fixed UUID. */
  id?: string | undefined;
  /** Fixed number (`ENG-<number>`); default: the team's next number. */
  number?: number | undefined;
}

/** Everything {@link startFakeLinearServer} can be seeded with. */
export interface FakeLinearSeed {
  /** Workspace url key and name (`https://linear.app/<urlKey>/…`). */
  organization?: { urlKey?: string; name?: string } | undefined;
  /** Teams (with their states; default {@link DEFAULT_FAKE_STATES}). */
  teams?: { key: string; name?: string; states?: FakeStateInput[]; id?: string }[] | undefined;
  /** Labels; `team` makes a team label. */
  labels?: { name: string; team?: string; color?: string; id?: string }[] | undefined;
  /** Users; the first one is the viewer (the API key's owner). */
  users?: { name: string; email: string; displayName?: string; id?: string }[] | undefined;
  /** Issues. */
  issues?: FakeIssueInput[] | undefined;
  /** Attachments. */
  attachments?: { issue: string; url: string; title?: string }[] | undefined;
  /** Comments. */
  comments?: { issue: string; body: string; user?: string }[] | undefined;
}

/** The seed used when none is given: teams ENG and OPS, three labels, one user. */
export const DEFAULT_FAKE_SEED: FakeLinearSeed = {
  organization: { urlKey: "acme", name: "Acme" },
  teams: [
    { key: "ENG", name: "Engineering" },
    { key: "OPS", name: "Operations" },
  ],
  labels: [{ name: "Bug" }, { name: "Feature" }, { name: "Frontend" }],
  users: [{ name: "Ada Lovelace", email: "ada@acme.test", displayName: "ada" }],
};
