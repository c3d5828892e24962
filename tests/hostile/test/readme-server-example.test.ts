import { describe, expect, it } from "vitest";
import { fillReadmeServer, readmeServerExample } from "../src/readme-server";

describe("the README's minimal server, as the corpus runs it", () => {
  it("is taken from README.md and only filled in", () => {
    const example = readmeServerExample();
    expect(example).toContain("createWebhookHandler(");
    expect(example).toContain("toNodeListener(handler)");
    const filled = fillReadmeServer(example);
    // Everything the README says is still there, line for line, apart from the edits.
    for (const line of example.split("\n")) {
      if (/sources:|\/\* githubWebhooks|^\s*\],$|listen\(3000\)/.test(line)) continue;
      expect(filled).toContain(line);
    }
    expect(filled).toContain("bodyTimeoutMs: Number(process.env.HOSTILE_BODY_TIMEOUT_MS)");
    expect(filled).toContain("const store = new MemoryEventStore();");
  });

  it("fails loudly when the README's code changes shape", () => {
    const example = readmeServerExample();
    expect(() => fillReadmeServer(example.replace(".listen(3000)", ".listen(8080)"))).toThrow(
      /expected one listen\(3000\) call/,
    );
    expect(() => fillReadmeServer(example.replace(/sources:/, "handlers:"))).toThrow(
      /expected one sources placeholder/,
    );
    expect(() =>
      readmeServerExample("# contexten\n\n## Using the webhook handler\n\nNo code.\n"),
    ).toThrow(/has no ```ts code block/);
  });
});
