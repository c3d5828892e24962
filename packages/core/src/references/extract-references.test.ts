import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVIDENCE_STRENGTH } from "../correlation/evidence-strength";
import { CorrelationKeys } from "../keys/correlation-keys";
import { correlationKeySchema, type EventRef } from "../models/correlated-event";
import { extractReferences } from "./extract-references";
import { NON_TEAM_KEYS } from "./linear-identifiers";
import { mergeReferences } from "./merge-references";
import { CLOSING_WORDS, LINK_ONLY_WORDS } from "./reference-words";

const SHA = "4f2a9c1e7b3d5a6c8e0f1a2b3c4d5e6f7a8b9c0d";

/** "key:evidence" pairs, the compact form the tables below use. */
function found(text: string, options: Parameters<typeof extractReferences>[1] = {}): string[] {
  return extractReferences(text, options).map((ref) => `${ref.key} ${ref.evidence}`);
}

describe("extractReferences: Linear identifiers and keywords", () => {
  const cases: [string, string[]][] = [
    ["Fixes ENG-123", ["linear:issue:ENG-123 closes"]],
    ["fixes eng-123", ["linear:issue:ENG-123 closes"]],
    ["Closes: ENG-1", ["linear:issue:ENG-1 closes"]],
    ["This resolved DES-77 finally", ["linear:issue:DES-77 closes"]],
    ["Completing ENG-5", ["linear:issue:ENG-5 closes"]],
    ["implemented ENG-6", ["linear:issue:ENG-6 closes"]],
    [
      "Fixes ENG-1, ENG-2 and eng-3 & ENG-4",
      ["ENG-1", "ENG-2", "ENG-3", "ENG-4"].map((id) => `linear:issue:${id} closes`),
    ],
    ["Fixes the issue ENG-8", ["linear:issue:ENG-8 closes"]],
    ["Fixes **ENG-9**", ["linear:issue:ENG-9 closes"]],
    ["Refs ENG-10", ["linear:issue:ENG-10 mentions"]],
    ["ref: eng-11", ["linear:issue:ENG-11 mentions"]],
    ["Part of ENG-12", ["linear:issue:ENG-12 mentions"]],
    ["part  of eng-13", ["linear:issue:ENG-13 mentions"]],
    ["Towards ENG-14", ["linear:issue:ENG-14 mentions"]],
    ["Related to ENG-15", ["linear:issue:ENG-15 mentions"]],
    ["relates to ENG-16", ["linear:issue:ENG-16 mentions"]],
    ["Contributes to ENG-17", ["linear:issue:ENG-17 mentions"]],
    ["References ENG-18", ["linear:issue:ENG-18 mentions"]],
    ["We talked about ENG-19 yesterday", ["linear:issue:ENG-19 body"]],
    [
      "Fixes ENG-20 and refs ENG-21",
      ["linear:issue:ENG-20 closes", "linear:issue:ENG-21 mentions"],
    ],
    // A keyword only reaches the list right after it.
    ["Fixes the login bug, see ENG-22", ["linear:issue:ENG-22 body"]],
    // The strongest evidence wins when a key appears twice.
    ["ENG-23 is done. Closes ENG-23", ["linear:issue:ENG-23 closes"]],
    ["prefix-fix ENG-24", ["linear:issue:ENG-24 body"]],
    ["unfixed ENG-25", ["linear:issue:ENG-25 body"]],
  ];
  it.each(cases)("%s", (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  const rejected = [
    "Encoded as UTF-8 and hashed with SHA-256",
    "Dates are ISO-8601; see RFC-3339 and CVE-2024-1234",
    "lower-case eng-123 in prose is not enough",
    "Python-3.11 and GPT-4 and X-1",
    "ABC-0 has a leading zero, ABCDEFGH-1 a team key of 8 letters",
    "ENG-1a and pre-ENG-2 are parts of words",
    "Fixes login-redirect", // no number
  ];
  it.each(rejected)("finds nothing in %j", (text) => {
    expect(found(text)).toEqual([]);
  });

  it("matches only known teams, in any case, when a team list is given", () => {
    const teams = ["ENG", "SHA"];
    expect(found("eng-1 and ENG-2, OPS-3 and SHA-256", { teams })).toEqual([
      "linear:issue:ENG-1 body",
      "linear:issue:ENG-2 body",
      "linear:issue:SHA-256 body",
    ]);
  });

  it("uses the given evidence for plain mentions and records field and excerpt", () => {
    const [ref] = extractReferences("ENG-7: make login faster", {
      field: "title",
      evidence: "title",
    });
    expect(ref).toEqual({
      key: "linear:issue:ENG-7",
      evidence: "title",
      field: "title",
      excerpt: "ENG-7: make login faster",
    });
    expect(extractReferences("ENG-7", { excerpts: false })).toEqual([
      { key: "linear:issue:ENG-7", evidence: "body" },
    ]);
  });
});

describe("extractReferences: URLs, GitHub references and shas", () => {
  const cases: [string, string[], Parameters<typeof extractReferences>[1]?][] = [
    ["See https://github.com/Acme/API/pull/42/files.", ["github:pr:acme/api#42 url"]],
    ["Fixes https://github.com/acme/api/issues/7", ["github:number:acme/api#7 closes"]],
    [
      "https://github.com/acme/api/pull/42/commits/ABCDEF1234567",
      ["github:pr:acme/api#42 url", "git:sha7:abcdef1 sha"],
    ],
    [
      `https://github.com/acme/api/commit/${SHA}`,
      [`git:sha:${SHA} sha`, `git:sha7:${SHA.slice(0, 7)} sha`],
    ],
    [
      "https://github.example.com/acme/api/pull/3",
      ["github:pr:acme/api#3 url"],
      { githubHosts: ["github.example.com"] },
    ],
    [
      "https://github.example.com/acme/api/pull/3",
      ["url:https://github.example.com/acme/api/pull/3 url"],
    ],
    ["https://linear.app/acme/issue/eng-9/fix-login", ["linear:issue:ENG-9 url"]],
    ["Closes https://linear.app/acme/issue/ENG-9", ["linear:issue:ENG-9 closes"]],
    ["Fixes [ENG-1](https://linear.app/acme/issue/ENG-1/x)", ["linear:issue:ENG-1 closes"]],
    [
      "<https://acme.slack.com/archives/C123ABC/p1700000000000100|thread>",
      ["slack:message:C123ABC:1700000000.000100 url", "slack:thread:C123ABC:1700000000.000100 url"],
    ],
    [
      "https://acme.slack.com/archives/C123ABC/p1700000000000100?thread_ts=1699999999.000050&cid=C123ABC",
      ["slack:message:C123ABC:1700000000.000100 url", "slack:thread:C123ABC:1699999999.000050 url"],
    ],
    // The query names the page and is kept; an anchor and tracking parameters are not.
    [
      "Docs: https://example.com/a/b/?x=1&utm_source=chat#y",
      ["url:https://example.com/a/b?x=1 url"],
    ],
    ["In https://example.com/ENG-5 the id is part of a URL", ["url:https://example.com/ENG-5 url"]],
    [
      "See acme/api#42 and Other-Org/web.app#7",
      ["github:number:acme/api#42 body", "github:number:other-org/web.app#7 body"],
    ],
    [
      "Closes #42, #43",
      ["github:number:acme/api#42 closes", "github:number:acme/api#43 closes"],
      { defaultRepository: "acme/api" },
    ],
    ["GH-12 is related", ["github:number:acme/api#12 body"], { defaultRepository: "Acme/API" }],
    ["Closes #42 but there is no default repository", []],
    ["&#39;escaped&#39; and a#1", [], { defaultRepository: "acme/api" }],
    [`Built ${SHA}`, [`git:sha:${SHA} sha`, `git:sha7:${SHA.slice(0, 7)} sha`]],
    ["commit abc1234 and sha: `def5678`", ["git:sha7:abc1234 sha", "git:sha7:def5678 sha"]],
    ["rev 0a1b2c3d4e", ["git:sha7:0a1b2c3 sha"]],
    ["commit defaced, abc1234 alone, and commit 12ab", []],
  ];
  it.each(cases)("%s", (text, expected, options) => {
    expect(found(text, options)).toEqual(expected);
  });
});

describe("extractReferences: properties", () => {
  const teamKey = fc.stringMatching(/^[A-Z]{1,7}$/).filter((key) => !NON_TEAM_KEYS.has(key));
  const identifier = fc
    .tuple(teamKey, fc.integer({ min: 1, max: 999_999 }))
    .map(([team, number]) => `${team}-${number}`);
  const word = fc.constantFrom("the", "login", "bug", "is", "now", "fast", "see", "and", "(", ")");

  it("finds any upper-case identifier among ordinary words, as a body mention", () => {
    fc.assert(
      fc.property(fc.array(word), identifier, fc.array(word), (before, id, after) => {
        const text = [...before, id, ...after].join(" ");
        expect(found(text)).toContain(`linear:issue:${id} body`);
      }),
    );
  });

  it("gives closes after any closing word and mentions after any link-only word, in any case", () => {
    const casing = fc.constantFrom(
      (text: string) => text,
      (text: string) => text.toUpperCase(),
      (text: string) => text[0]!.toUpperCase() + text.slice(1),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...CLOSING_WORDS, ...LINK_ONLY_WORDS),
        casing,
        identifier,
        fc.boolean(),
        (keyword, applyCase, id, lowerCaseId) => {
          const text = `${applyCase(keyword)} ${lowerCaseId ? id.toLowerCase() : id}`;
          const evidence = CLOSING_WORDS.includes(keyword) ? "closes" : "mentions";
          expect(found(text)).toEqual([`linear:issue:${id} ${evidence}`]);
        },
      ),
    );
  });

  it("never throws and only returns valid keys, each once, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (text) => {
        const refs = extractReferences(text, { defaultRepository: "acme/api" });
        for (const ref of refs) expect(correlationKeySchema.safeParse(ref.key).success).toBe(true);
        expect(new Set(refs.map((ref) => ref.key)).size).toBe(refs.length);
      }),
    );
  });
});

describe("mergeReferences", () => {
  const evidence = fc.constantFrom(...(Object.keys(EVIDENCE_STRENGTH) as EventRef["evidence"][]));
  const refs = fc.array(fc.record({ key: fc.constantFrom("a:b:1", "a:b:2", "a:b:3"), evidence }), {
    maxLength: 12,
  });

  it("keeps each key once with its strongest evidence, and is idempotent", () => {
    fc.assert(
      fc.property(refs, refs, (first, second) => {
        const merged = mergeReferences(first, second);
        for (const ref of merged) {
          const strongest = Math.max(
            ...[...first, ...second]
              .filter((candidate) => candidate.key === ref.key)
              .map((candidate) => EVIDENCE_STRENGTH[candidate.evidence]),
          );
          expect(EVIDENCE_STRENGTH[ref.evidence]).toBe(strongest);
        }
        expect(merged.map((ref) => ref.key)).toEqual([
          ...new Set([...first, ...second].map((ref) => ref.key)),
        ]);
        expect(mergeReferences(merged)).toEqual(merged);
      }),
    );
  });

  it("builds keys the engine matches: short shas meet full ones on the 7-character key", () => {
    const [full] = CorrelationKeys.gitShaKeys(SHA.toUpperCase());
    expect(full).toBe(`git:sha:${SHA}`);
    expect(CorrelationKeys.gitShaKeys(SHA)).toContain(CorrelationKeys.gitShortSha("4F2A9C1E"));
    expect(CorrelationKeys.gitShaKeys("4f2a9c1")).toEqual(["git:sha7:4f2a9c1"]);
  });
});
