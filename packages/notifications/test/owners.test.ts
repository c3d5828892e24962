import { describe, expect, it } from "vitest";
import {
  findActor,
  findOwners,
  IdentityDirectory,
  type OwnerSource,
  ownerFinder,
  personSchema,
} from "../src/index";
import { pullRequestEvent } from "./support/events";

describe("owners and identities", () => {
  it("reads a Linear issue's creator, assignee and subscribers, and a GitHub PR's users but not teams", () => {
    const linear = findOwners({
      platform: "linear",
      payload: {
        data: {
          creatorId: "u-creator",
          assignee: { id: "u-assignee", name: "Ada", email: "ada@acme.test" },
          subscriberIds: ["u-creator", "u-watcher"],
        },
      },
    });
    expect(linear).toEqual([
      { platform: "linear", id: "u-creator", role: "author", email: undefined, name: undefined },
      {
        platform: "linear",
        id: "u-assignee",
        role: "assignees",
        email: "ada@acme.test",
        name: "Ada",
      },
      { platform: "linear", id: "u-creator", role: "subscribers" },
      { platform: "linear", id: "u-watcher", role: "subscribers" },
    ]);
    const github = findOwners({
      platform: "github",
      payload: {
        pull_request: {
          user: { login: "grace" },
          requested_reviewers: [{ login: "ada" }, { slug: "platform-team" }],
          assignees: [{ login: "bob" }],
        },
      },
    });
    expect(github.map((owner) => `${owner.role}:${owner.id}`)).toEqual([
      "author:grace",
      "reviewers:ada",
      "assignees:bob",
    ]);
    expect(findActor({ platform: "linear", payload: { actor: { id: "u-1" } } })).toEqual({
      platform: "linear",
      id: "u-1",
      email: undefined,
    });
  });

  it("maps a Linear user to the configured person by id or email, else to their email alone", async () => {
    const directory = new IdentityDirectory([
      personSchema.parse({ id: "ada", linear: "u-ada", email: "Ada@acme.test", slack: "U0ADA" }),
    ]);
    expect((await directory.resolve({ platform: "linear", id: "u-ada" }))?.id).toBe("ada");
    expect(
      (await directory.resolve({ platform: "linear", id: "u-other", email: "ada@acme.test" }))?.id,
    ).toBe("ada");
    const stranger = (await directory.resolve({
      platform: "linear",
      id: "u-x",
      email: "x@acme.test",
    }))!;
    expect(stranger).toMatchObject({
      id: "email:x@acme.test",
      email: "x@acme.test",
      linear: "u-x",
    });
    expect(await directory.address(stranger, "email")).toBe("x@acme.test");
    expect(await directory.address(stranger, "slack")).toBeUndefined();
    expect(await directory.resolve({ platform: "linear", id: "u-y" })).toBeUndefined();
  });

  it("asks an owner source only for the roles it adds, once per event", async () => {
    const asked: string[] = [];
    const codeowners: OwnerSource = {
      roles: ["codeowners"],
      async owners(event) {
        asked.push(event.id);
        return [{ platform: "github", id: "alice", role: "codeowners" }];
      },
    };
    const event = pullRequestEvent({ action: "opened", at: 0, id: "pr-1", reviewers: ["bob"] });
    const ownersOf = ownerFinder(event, [codeowners]);
    expect((await ownersOf(["author", "reviewers"])).map((owner) => owner.id)).toEqual([
      "grace",
      "bob",
    ]);
    expect(asked).toEqual([]);
    expect((await ownersOf(["codeowners"])).map((owner) => owner.id)).toEqual(["alice"]);
    expect((await ownersOf()).map((owner) => `${owner.role}:${owner.id}`)).toEqual([
      "author:grace",
      "reviewers:bob",
      "codeowners:alice",
    ]);
    expect(asked).toEqual(["pr-1"]);
  });

  it("finds a configured person by a platform id through that platform's lookup by email, remembering answers", async () => {
    const asked: string[] = [];
    const directory = new IdentityDirectory(
      [
        personSchema.parse({ id: "ada", email: "ada@acme.test" }),
        personSchema.parse({ id: "bob", email: "bob@acme.test", linear: "u-bob" }),
      ],
      {
        linear: async (email) => {
          asked.push(email);
          return email === "ada@acme.test" ? "u-ada" : undefined;
        },
      },
    );
    expect((await directory.resolve({ platform: "linear", id: "u-ada" }))?.id).toBe("ada");
    expect(await directory.resolve({ platform: "linear", id: "u-nobody" })).toBeUndefined();
    expect((await directory.resolve({ platform: "linear", id: "u-bob" }))?.id).toBe("bob");
    // Bob has a configured Linear id, so only Ada's email was ever looked up, once.
    expect(asked).toEqual(["ada@acme.test"]);
    expect(await directory.resolve({ platform: "github", id: "u-ada" })).toBeUndefined();
  });
});
