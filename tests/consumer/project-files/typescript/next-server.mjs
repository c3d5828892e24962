// Serves the README's Next.js route handlers (compiled to dist/app/) the way Next.js calls
// them: the route's exported `POST` / `GET` receive the standard `Request` and, for a
// dynamic segment, `{ params: Promise<{ id }> }`. Next.js itself is not installed; this
// stands in for its router so the smoke test can post webhooks to the handlers over HTTP.
import * as nodeModule from "node:module";
import { serve } from "@hono/node-server";
import { resolve } from "./next-alias-hooks.mjs";

// registerHooks (in-thread, Node.js 22.15+) where it exists; register is deprecated there.
if (nodeModule.registerHooks) nodeModule.registerHooks({ resolve });
else nodeModule.register("./next-alias-hooks.mjs", import.meta.url);
const webhooks = await import(new URL("./dist/app/webhooks/route.js", import.meta.url).href);
const lineage = await import(new URL("./dist/app/lineage/[id]/route.js", import.meta.url).href);

async function route(request) {
  const { pathname } = new URL(request.url);
  if (pathname === "/webhooks" && request.method === "POST") return webhooks.POST(request);
  const dynamic = /^\/lineage\/([^/]+)$/.exec(pathname);
  if (dynamic && request.method === "GET") {
    return lineage.GET(request, {
      params: Promise.resolve({ id: decodeURIComponent(dynamic[1]) }),
    });
  }
  return new Response("Not Found", { status: 404 });
}

serve({ fetch: route, port: Number(process.env.PORT) });
