/**
 * A `MATCH` pattern for `SCAN` from core's cache glob (`*` any run, `?` one character,
 * everything else literal): Redis also treats `[`, `]` and `\` specially, so those are
 * escaped. `literal` is matched as is (a key prefix).
 */
export function toRedisMatch(literal: string, glob: string): string {
  const escapeSpecials = (text: string, keepWildcards: boolean) =>
    text.replace(keepWildcards ? /[[\]\\]/g : /[*?[\]\\]/g, "\\$&");
  return escapeSpecials(literal, false) + escapeSpecials(glob, true);
}
