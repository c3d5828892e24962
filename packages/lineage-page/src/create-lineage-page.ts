import { NotFoundError, ValidationError } from "@contexten/core";
import { errorResponse } from "@contexten/core/adapter";
import { pageHtml } from "./assets/page-html";
import { PAGE_SCRIPT } from "./assets/page-script";
import { PAGE_STYLE } from "./assets/page-style";
import { cytoscapeScript } from "./cytoscape-asset";
import { busEventStream } from "./event-stream";
import { buildLineageGraph } from "./lineage-graph";
import type { LineagePageOptions } from "./lineage-page-options";
import { lineageForSearch } from "./resolve-search";

/** The lineage page: a Fetch handler for every path under its base path. */
export type LineagePage = (request: Request) => Promise<Response>;

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

function asset(body: string, type: string): Response {
  return new Response(body, {
    status: 200,
    headers: { "content-type": `${type}; charset=utf-8`, "cache-control": "max-age=300" },
  });
}

function normalizeBasePath(basePath: string | undefined): string {
  const trimmed = (basePath ?? "").trim().replace(/\/+$/, "");
  if (trimmed === "") return "";
  if (!trimmed.startsWith("/")) {
    throw new ValidationError({
      message: `basePath must start with "/" (e.g. "/lineage"); got ${JSON.stringify(basePath)}.`,
    });
  }
  return trimmed;
}

/**
 * A small web page that shows a correlation group as an interactive graph, mountable
 * in any Fetch-speaking server (`app.all("/lineage/*", (c) => page(c.req.raw))`, or
 * `toNodeListener(page)` from core for `node:http`). It serves, under `basePath`:
 *
 * | path | serves |
 * |---|---|
 * | `/` | the page: search by issue key, PR URL or event id; objects as nodes, links as edges labelled with rule, strength and evidence; click a node for its events and payloads |
 * | `/api/search?q=` | the group as `{ nodes, edges }` (404 when nothing matches) |
 * | `/api/events/:id` | one event with its payload |
 * | `/api/runs` | recent workflow runs (when `workflows` is given) |
 * | `/api/stream` | Server-Sent Events from the bus (when `bus` is given); the page refreshes on them |
 * | `/assets/*` | the page's script, stylesheet and cytoscape, from the installed packages (no CDN) |
 */
export function createLineagePage(options: LineagePageOptions): LineagePage {
  const base = normalizeBasePath(options.basePath);
  const title = options.title ?? "contexten lineage";
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const html = pageHtml(base, title, options.bus !== undefined);

  async function route(request: Request, path: string, params: URLSearchParams) {
    switch (path) {
      case "":
      case "/":
        return new Response(html, {
          status: 200,
          headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
        });
      case "/assets/page.js":
        return asset(PAGE_SCRIPT, "text/javascript");
      case "/assets/page.css":
        return asset(PAGE_STYLE, "text/css");
      case "/assets/cytoscape.js":
        return asset(await cytoscapeScript(), "text/javascript");
      case "/api/search": {
        const query = params.get("q")?.trim() ?? "";
        if (query === "") {
          throw new ValidationError({
            message: "Pass ?q= with an issue key, a PR URL or an event id.",
          });
        }
        const lineage = await lineageForSearch(options, query);
        if (!lineage) {
          return errorResponse(
            404,
            "not_found",
            `Nothing stored matches ${JSON.stringify(query)}.`,
          );
        }
        return json(buildLineageGraph(lineage));
      }
      case "/api/runs": {
        if (!options.workflows) {
          return errorResponse(404, "not_found", "This page was created without `workflows`.");
        }
        const limit = Math.min(Math.max(Number(params.get("limit") ?? 20) || 20, 1), 200);
        const runs = (await options.workflows.listRuns({ limit: 200 }))
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
          .slice(0, limit)
          .map(({ id, name, status, triggerEventId, correlationId, createdAt, updatedAt }) => ({
            id,
            name,
            status,
            triggerEventId,
            correlationId,
            createdAt,
            updatedAt,
          }));
        return json({ runs });
      }
      case "/api/stream":
        if (!options.bus) {
          return errorResponse(404, "not_found", "This page was created without `bus`.");
        }
        return busEventStream(options.bus, { heartbeatMs, signal: request.signal });
      default: {
        const event = /^\/api\/events\/([^/]+)$/.exec(path);
        if (event) {
          const id = decodeURIComponent(event[1]!);
          const found = await options.store.get(id);
          if (!found) throw new NotFoundError({ entity: "event", id });
          return json(found);
        }
        return errorResponse(404, "not_found", `No lineage page route for ${path || "/"}.`);
      }
    }
  }

  return async (request) => {
    const url = new URL(request.url);
    if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) {
      return errorResponse(404, "not_found", `The lineage page is mounted at ${base || "/"}.`);
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      return errorResponse(405, "method_not_allowed", "The lineage page answers GET only.", {
        allow: "GET, HEAD",
      });
    }
    try {
      return await route(request, url.pathname.slice(base.length), url.searchParams);
    } catch (error) {
      if (ValidationError.isInstance(error)) return errorResponse(400, error.code, error.message);
      if (NotFoundError.isInstance(error)) return errorResponse(404, error.code, error.message);
      throw error;
    }
  };
}
