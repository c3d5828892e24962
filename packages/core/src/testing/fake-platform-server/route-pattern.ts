/** A compiled path pattern. */
export interface RoutePattern {
  /** The pattern as written. */
  source: string;
  /** Path parameters when `path` matches, otherwise undefined. */
  match(path: string): Record<string, string> | undefined;
}

/**
 * Compiles `/repos/:owner/:repo/issues/:number` style patterns: `:name` matches one path
 * segment, `*` matches the rest of the path (including slashes) as parameter `*`.
 */
export function compileRoutePattern(source: string): RoutePattern {
  const names: string[] = [];
  let regex = "";
  for (const part of source.split(/(:[A-Za-z_][A-Za-z0-9_]*|\*)/)) {
    if (part === "*") {
      names.push("*");
      regex += "(.*)";
    } else if (part.startsWith(":")) {
      names.push(part.slice(1));
      regex += "([^/]+)";
    } else {
      regex += part.replace(/[\\^$.|?+()[\]{}]/g, "\\$&");
    }
  }
  const compiled = new RegExp(`^${regex}/?$`);
  return {
    source,
    match(path) {
      const found = compiled.exec(path);
      if (!found) return undefined;
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? "");
      });
      return params;
    },
  };
}
