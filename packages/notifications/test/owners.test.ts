import { describe, expect, it } from "vitest";
import { findActor, findOwners, IdentityDirectory, personSchema } from "../src/index";

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
    expect(directory.resolve({ platform: "linear", id: "u-ada" })?.id).toBe("ada");
    expect(
      directory.resolve({ platform: "linear", id: "u-other", email: "ada@acme.test" })?.id,
    ).toBe("ada");
    const stranger = directory.resolve({ platform: "linear", id: "u-x", email: "x@acme.test" })!;
    expect(stranger).toMatchObject({
      id: "email:x@acme.test",
      email: "x@acme.test",
      linear: "u-x",
    });
    expect(await directory.address(stranger, "email")).toBe("x@acme.test");
    expect(await directory.address(stranger, "slack")).toBeUndefined();
    expect(directory.resolve({ platform: "linear", id: "u-y" })).toBeUndefined();
  });
});
