import { describe, expect, it } from "vitest";
import { ownerRuleFor, parseCodeowners } from "../src/index";

// The example file of GitHub's CODEOWNERS documentation, shortened.
const CODEOWNERS = `# These owners will be the default owners for everything in the repo.
*       @global-owner1 @global-owner2

# Order is important; the last matching pattern takes the most precedence.
*.js    @js-owner #This is an inline comment.
*.go docs@example.com
/build/logs/ @doctocat
docs/*  docs@example.com
apps/ @octocat
/docs/ @doctocat
/scripts/ @doctocat @octocat
!/scripts/generated/ @nobody
/src/[ab]/ @nobody
`;

const ownersOf = (path: string) => ownerRuleFor(parseCodeowners(CODEOWNERS), path)?.owners ?? [];

describe("CODEOWNERS with GitHub's rules", () => {
  it("lets the last matching pattern win", () => {
    expect(ownersOf("README.md")).toEqual(["@global-owner1", "@global-owner2"]);
    expect(ownersOf("src/index.js")).toEqual(["@js-owner"]);
    expect(ownersOf("cmd/main.go")).toEqual(["docs@example.com"]);
    expect(ownersOf("docs/getting-started.js")).toEqual(["@doctocat"]);
  });

  it("anchors leading slashes and matches directories at any depth otherwise", () => {
    expect(ownersOf("build/logs/today.txt")).toEqual(["@doctocat"]);
    expect(ownersOf("src/build/logs/today.txt")).toEqual(["@global-owner1", "@global-owner2"]);
    expect(ownersOf("web/apps/github/index.ts")).toEqual(["@octocat"]);
    expect(ownersOf("scripts/release.sh")).toEqual(["@doctocat", "@octocat"]);
  });

  it("skips lines GitHub rejects (negation, bracket ranges) and keeps line numbers", () => {
    const rules = parseCodeowners(CODEOWNERS);
    expect(rules.map((rule) => rule.line)).toEqual([2, 5, 6, 7, 8, 9, 10, 11]);
    expect(ownersOf("scripts/generated/file.sh")).toEqual(["@doctocat", "@octocat"]);
    expect(ownersOf("src/a/file.ts")).toEqual(["@global-owner1", "@global-owner2"]);
  });
});
