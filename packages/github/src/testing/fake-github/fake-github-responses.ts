import type { FakeRequest, FakeResponse } from "@contexten/core/testing";

/** GitHub's 404 body. */
export function notFound(): FakeResponse {
  return {
    status: 404,
    json: { message: "Not Found", documentation_url: "https://docs.github.com/rest" },
  };
}

/** GitHub's 422 body for a missing or invalid field. */
export function validationFailed(
  resource: string,
  field: string,
  code = "missing_field",
): FakeResponse {
  return {
    status: 422,
    json: {
      message: "Validation Failed",
      errors: [{ resource, field, code }],
      documentation_url: "https://docs.github.com/rest",
    },
  };
}

/** One query parameter as a string (the first when repeated). */
export function queryParameter(request: FakeRequest, name: string): string | undefined {
  const value = request.query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The JSON body as an object (empty when there is none). */
export function bodyOf(request: FakeRequest): Record<string, unknown> {
  return typeof request.body === "object" && request.body !== null && !Array.isArray(request.body)
    ? (request.body as Record<string, unknown>)
    : {};
}

/**
 * One page of a list, as GitHub pages it: `per_page` (default 30, at most 100) and `page`
 * (1-based) from the query, and a `Link` header with `next`, `last`, `first` and `prev`.
 * `wrap` turns the page into a namespaced body (`{ total_count, items }`).
 */
export function page<Item>(
  request: FakeRequest,
  apiUrl: string,
  items: readonly Item[],
  wrap?: (pageItems: Item[], total: number) => unknown,
): FakeResponse {
  const perPage = Math.min(
    100,
    Math.max(1, Number(queryParameter(request, "per_page") ?? 30) || 30),
  );
  const current = Math.max(1, Number(queryParameter(request, "page") ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((current - 1) * perPage, current * perPage);
  const linkTo = (target: number) => {
    const url = new URL(`${apiUrl}${request.path}`);
    for (const [name, value] of Object.entries(request.query)) {
      for (const entry of [value].flat()) url.searchParams.append(name, entry);
    }
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set("page", String(target));
    return url.href;
  };
  const links: string[] = [];
  if (current < last)
    links.push(`<${linkTo(current + 1)}>; rel="next"`, `<${linkTo(last)}>; rel="last"`);
  if (current > 1)
    links.push(`<${linkTo(1)}>; rel="first"`, `<${linkTo(current - 1)}>; rel="prev"`);
  return {
    json: wrap ? wrap(slice, items.length) : slice,
    ...(links.length > 0 ? { headers: { link: links.join(", ") } } : {}),
  };
}
