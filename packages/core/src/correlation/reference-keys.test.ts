import { describe, expect, it } from "vitest";
import { keysOfReference } from "./reference-keys";

const SHA = "4f2a9c1e7b3d5a6c8e0f1a2b3c4d5e6f7a8b9c0d";

describe("keysOfReference", () => {
  it.each([
    ["ENG-123", ["linear:issue:ENG-123"]],
    ["  eng-123 ", ["linear:issue:ENG-123"]],
    ["https://linear.app/acme/issue/ENG-123/fix-login", ["linear:issue:ENG-123"]],
    ["acme/api#42", ["github:number:acme/api#42"]],
    ["https://github.com/Acme/API/pull/42/files", ["github:pr:acme/api#42"]],
    ["https://github.com/acme/api/issues/7", ["github:number:acme/api#7"]],
    [`https://github.com/acme/api/commit/${SHA}`, [`git:sha:${SHA}`, "git:sha7:4f2a9c1"]],
    [SHA.toUpperCase(), [`git:sha:${SHA}`, "git:sha7:4f2a9c1"]],
    ["4f2a9c1", ["git:sha7:4f2a9c1"]],
    [
      "https://acme.slack.com/archives/C123ABC/p1700000000000100",
      ["slack:message:C123ABC:1700000000.000100", "slack:thread:C123ABC:1700000000.000100"],
    ],
    ["https://docs.example.com/runbook/", ["url:https://docs.example.com/runbook"]],
    ["github:pr:acme/api#42", ["github:pr:acme/api#42"]],
    ["hello world", []],
    ["UTF-8", []],
    ["", []],
  ])("%s", (reference, keys) => {
    expect(keysOfReference(reference)).toEqual(keys);
  });

  it("reads #42 against a default repository and team keys with digits when told", () => {
    expect(keysOfReference("#42")).toEqual([]);
    expect(keysOfReference("#42", { defaultRepository: "acme/api" })).toEqual([
      "github:number:acme/api#42",
    ]);
    expect(keysOfReference("web3-9", { teams: ["WEB3"] })).toEqual(["linear:issue:WEB3-9"]);
  });
});
