/**
 * Query parameters that say where a visitor came from, not which page they are on:
 * campaign tags (`utm_*`) and the click ids ad and mail platforms append. A key drops
 * them, so a link shared from a newsletter still meets the page it points at.
 */
const TRACKING_PARAMETER =
  /^(?:utm_\w+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi|mkt_tok|ref_src)$/i;

/**
 * A URL's query as a key keeps it: `?` and the parameters sorted by name (a repeated
 * name keeps the order of its values, which can matter), tracking parameters (`utm_*`,
 * `fbclid`, `gclid`, …) left out, encoded one way (`%20` and `+` alike become `+`);
 * empty when nothing is left. `?id=2&page=1` and `?page=1&id=2&utm_source=mail` give the
 * same text; `?id=1` and `?id=2` stay distinct pages.
 */
export function normalizedQuery(parsed: URL): string {
  if (parsed.search.length <= 1) return "";
  const parameters = new URLSearchParams(parsed.search);
  for (const name of new Set(parameters.keys())) {
    if (TRACKING_PARAMETER.test(name)) parameters.delete(name);
  }
  parameters.sort();
  const query = parameters.toString();
  return query ? `?${query}` : "";
}

/**
 * The fragment a key keeps: only a client-side route (`#/tickets/42`, `#!/tickets/42`),
 * which names a page of a single-page app; an anchor inside a page (`#section-2`,
 * `#issuecomment-1`) is the same page and is dropped.
 */
export function routeFragment(parsed: URL): string {
  const hash = parsed.hash;
  return hash.startsWith("#/") || hash.startsWith("#!/") ? hash : "";
}
