import { describe, expect, it } from "vitest";
import { nextPageUrl, pageItems } from "./paginate";

describe("nextPageUrl", () => {
  it("finds rel=next among GitHub's links, wherever it is", () => {
    expect(
      nextPageUrl(
        '<https://api.github.com/x?page=1>; rel="prev", <https://api.github.com/x?page=3>; rel="next", <https://api.github.com/x?page=9>; rel="last"',
      ),
    ).toBe("https://api.github.com/x?page=3");
    expect(nextPageUrl('<https://api.github.com/x?page=9>; rel="last"')).toBeUndefined();
    expect(nextPageUrl(undefined)).toBeUndefined();
  });
});

describe("pageItems", () => {
  it("reads arrays and namespaced lists", () => {
    expect(pageItems([1, 2], "r")).toEqual([1, 2]);
    expect(pageItems({ total_count: 2, items: [1, 2], other: [3] }, "r")).toEqual([1, 2]);
    expect(pageItems({ total_count: 1, workflow_runs: [7] }, "r")).toEqual([7]);
    expect(() => pageItems({ id: 1 }, "GET /x")).toThrowError(/cannot be paginated/);
  });
});
