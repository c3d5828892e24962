import { createHash } from "node:crypto";
import { SLACK_LIMITS } from "../blocks/slack-limits";
import { checkBlocks } from "./check-blocks";
import type { FakeSlackMethod, FakeSlackParams } from "./fake-slack-api";
import type { FakeSlackState, FakeSlackView } from "./fake-slack-state";

type Json = Record<string, unknown>;

const ERROR = (error: string, detail?: string) => ({
  json: {
    ok: false,
    error,
    ...(detail ? { response_metadata: { messages: [`[ERROR] ${detail}`] } } : {}),
  },
});

/** Most views in one modal stack (Slack: "you can push up to 2 additional views"). */
const MAX_STACK = 3;

function checkView(view: unknown): { view?: Json; error?: ReturnType<typeof ERROR> } {
  if (typeof view !== "object" || view === null)
    return { error: ERROR("invalid_arguments", "view is required") };
  const json = view as Json;
  const type = json.type;
  if (type !== "modal" && type !== "home")
    return { error: ERROR("invalid_arguments", "view.type must be modal or home") };
  const title = (json.title as Json | undefined)?.text;
  if (type === "modal" && (typeof title !== "string" || title.length > SLACK_LIMITS.modalTitle)) {
    return {
      error: ERROR(
        "invalid_arguments",
        `view.title must be 1-${SLACK_LIMITS.modalTitle} characters`,
      ),
    };
  }
  const metadata = json.private_metadata;
  if (typeof metadata === "string" && metadata.length > SLACK_LIMITS.privateMetadata) {
    return { error: ERROR("invalid_arguments", "private_metadata is too long") };
  }
  const problem = checkBlocks(json.blocks ?? [], SLACK_LIMITS.modalBlocks);
  if (problem) return { error: ERROR("invalid_arguments", problem) };
  return { view: json };
}

function hashOf(view: Json, version: number): string {
  const digest = createHash("sha1")
    .update(JSON.stringify(view))
    .update(String(version))
    .digest("hex");
  return `${version + 1}.${digest.slice(0, 8)}`;
}

function apiView(record: FakeSlackView, state: FakeSlackState) {
  return {
    ...record.view,
    id: record.id,
    team_id: state.team.id,
    hash: record.hash,
    root_view_id: record.rootViewId,
    app_id: state.appId,
    bot_id: state.botId,
    state: { values: {} },
    ...(record.externalId ? { external_id: record.externalId } : {}),
  };
}

function trigger(params: FakeSlackParams, state: FakeSlackState) {
  const triggerId = typeof params.trigger_id === "string" ? params.trigger_id : "";
  if (!triggerId) return { error: ERROR("invalid_arguments", "trigger_id is required") };
  if (state.expiredTriggers.has(triggerId)) return { error: ERROR("expired_trigger_id") };
  return { triggerId };
}

/**
 * Adds the `views.*` methods: `views.open` (a trigger id and a modal), `views.push` (up to
 * three views in a stack), `views.update` (by `view_id` or `external_id`, refusing a stale
 * `hash` with `hash_conflict`) and `views.publish` (Home tabs). Every version is kept in
 * the view's `history`.
 */
export function installFakeSlackViews(
  methods: Map<string, FakeSlackMethod>,
  state: FakeSlackState,
): void {
  const create = (
    view: Json,
    createdBy: FakeSlackView["createdBy"],
    extra: Partial<FakeSlackView>,
  ): FakeSlackView => {
    const id = state.nextViewId();
    const record: FakeSlackView = {
      id,
      hash: hashOf(view, 0),
      type: String(view.type),
      createdBy,
      rootViewId: extra.rootViewId ?? id,
      view,
      history: [view],
      ...(typeof view.external_id === "string" ? { externalId: view.external_id } : {}),
      ...extra,
    };
    state.views.set(id, record);
    return record;
  };

  methods.set("views.open", (params) => {
    const { triggerId, error } = trigger(params, state);
    if (error) return error;
    const checked = checkView(params.view);
    if (checked.error) return checked.error;
    const record = create(checked.view!, "views.open", { triggerId });
    return { json: { ok: true, view: apiView(record, state) } };
  });

  methods.set("views.push", (params) => {
    const { triggerId, error } = trigger(params, state);
    if (error) return error;
    const checked = checkView(params.view);
    if (checked.error) return checked.error;
    const parent = [...state.views.values()].filter((view) => view.triggerId !== undefined).at(-1);
    const rootViewId = parent?.rootViewId;
    const depth = [...state.views.values()].filter((view) => view.rootViewId === rootViewId).length;
    if (rootViewId && depth >= MAX_STACK) return ERROR("push_limit_reached");
    const record = create(checked.view!, "views.push", {
      triggerId,
      ...(rootViewId ? { rootViewId } : {}),
    });
    return { json: { ok: true, view: apiView(record, state) } };
  });

  methods.set("views.update", (params) => {
    const record =
      typeof params.view_id === "string"
        ? state.views.get(params.view_id)
        : [...state.views.values()].find((view) => view.externalId === params.external_id);
    if (!record) return ERROR("not_found");
    if (typeof params.hash === "string" && params.hash !== record.hash)
      return ERROR("hash_conflict");
    const checked = checkView(params.view);
    if (checked.error) return checked.error;
    record.view = checked.view!;
    record.history.push(checked.view!);
    record.hash = hashOf(checked.view!, record.history.length);
    return { json: { ok: true, view: apiView(record, state) } };
  });

  methods.set("views.publish", (params) => {
    if (typeof params.user_id !== "string")
      return ERROR("invalid_arguments", "user_id is required");
    const checked = checkView(params.view);
    if (checked.error) return checked.error;
    const existing = [...state.views.values()].find(
      (view) => view.createdBy === "views.publish" && view.userId === params.user_id,
    );
    if (existing) {
      existing.view = checked.view!;
      existing.history.push(checked.view!);
      existing.hash = hashOf(checked.view!, existing.history.length);
      return { json: { ok: true, view: apiView(existing, state) } };
    }
    const record = create(checked.view!, "views.publish", { userId: params.user_id });
    return { json: { ok: true, view: apiView(record, state) } };
  });
}
