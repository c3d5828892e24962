import { describe, expect, it } from "vitest";
import type { WorkflowSession, WorkflowTemplateStep } from "./workflow-types";
import { validateStep } from "./workflow-validation";

const step: WorkflowTemplateStep = {
  id: "contact",
  title: "Contact",
  inputs: [{ id: "email", label: "Email", type: "email" }],
};
const session = {
  id: "s",
  workflowType: "t",
  userId: "U1",
  status: "active",
  stepIndex: 0,
  values: {},
} as unknown as WorkflowSession;
const errorFor = (email: string) => validateStep(step, { email }, session).email;

describe("email inputs", () => {
  it("accept addresses and refuse what is not one", () => {
    for (const valid of ["a@b.co", "first.last@example.com", "x@sub.domain.org", "a@b.c."]) {
      expect(errorFor(valid), valid).toBeUndefined();
    }
    for (const invalid of ["plain", "@b.co", "a@", "a@b", "a@.b", "a@b.", "a b@c.de", "a@b@c.de"]) {
      expect(errorFor(invalid), invalid).toBe("Please enter an email address.");
    }
  });

  it("check a 100,000-character address in one pass (no backtracking pattern)", () => {
    // The usual pattern backtracks quadratically on this; the scan stays linear.
    expect(errorFor(`a@${"b".repeat(100_000)}`)).toBe("Please enter an email address.");
  });
});
