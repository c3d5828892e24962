import { ValidationError } from "@contexten/core";
import type { OctokitResponse } from "@octokit/types";

/** The element type of a list response: the array itself, or the array inside `{ total_count, items }`. */
export type PageItem<Data> = Data extends readonly (infer Item)[]
  ? Item
  : { [Key in keyof Data]: Data[Key] extends readonly (infer Item)[] ? Item : never }[keyof Data];

/** Options of `GitHubClient.paginate`. */
export interface PaginateOptions {
  /** Stop after this many items (default: no limit). */
  maxItems?: number | undefined;
  /** Stop after this many pages (default: no limit). */
  maxPages?: number | undefined;
}

/** Sends one GET: a route with parameters for the first page, a full URL for the next ones. */
export type PageRequest = (
  route: string,
  parameters: Record<string, unknown>,
) => Promise<OctokitResponse<unknown>>;

/** The `rel="next"` URL of a `Link` header, if any. */
export function nextPageUrl(link: string | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part);
    if (match?.[2]?.split(/\s+/).includes("next")) return match[1];
  }
  return undefined;
}

/**
 * The items of one page: the body when it is an array; otherwise the one array in a
 * namespaced body (`items` of a search, `workflow_runs`, `repositories`, …).
 */
export function pageItems(data: unknown, route: string): unknown[] {
  if (Array.isArray(data)) return data;
  if (typeof data === "object" && data !== null) {
    const record = data as Record<string, unknown>;
    if (Array.isArray(record.items)) return record.items;
    const arrays = Object.values(record).filter(Array.isArray);
    if (arrays.length === 1) return arrays[0]!;
  }
  throw new ValidationError({
    platform: "github",
    message: `${route} does not answer a list, so it cannot be paginated; call request() instead.`,
  });
}

/**
 * Follows `Link: <…>; rel="next"` headers page by page and yields every item, asking for
 * 100 per page unless `per_page` is given. Each page is one request through the client's
 * pipeline (rate limit, ETag cache, retries).
 */
export async function* paginateRoute<Item>(
  request: PageRequest,
  route: string,
  parameters: Record<string, unknown> = {},
  options: PaginateOptions = {},
): AsyncGenerator<Item, void, undefined> {
  const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY;
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
  if (maxItems <= 0 || maxPages <= 0) return;
  let response = await request(route, { per_page: 100, ...parameters });
  let yielded = 0;
  for (let page = 1; ; page += 1) {
    for (const item of pageItems(response.data, route)) {
      yield item as Item;
      yielded += 1;
      if (yielded >= maxItems) return;
    }
    const next = nextPageUrl(response.headers.link);
    if (!next || page >= maxPages) return;
    response = await request(`GET ${next}`, {});
  }
}
