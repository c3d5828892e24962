/**
 * A multimap from key to event ids. A key held by one event (most keys) costs one string;
 * only shared keys get an array.
 */
export class KeyIndex {
  private readonly entries = new Map<string, string | string[]>();

  /** Adds `id` under `key` (the caller never adds the same pair twice). */
  add(key: string, id: string): void {
    const current = this.entries.get(key);
    if (current === undefined) this.entries.set(key, id);
    else if (typeof current === "string") this.entries.set(key, [current, id]);
    else this.entries.set(key, appendId(current, id));
  }

  /** Removes `id` from `key`. */
  remove(key: string, id: string): void {
    const current = this.entries.get(key);
    if (current === undefined) return;
    if (typeof current === "string") {
      if (current === id) this.entries.delete(key);
      return;
    }
    const rest = current.filter((candidate) => candidate !== id);
    if (rest.length === 0) this.entries.delete(key);
    else this.entries.set(key, rest.length === 1 ? rest[0]! : rest);
  }

  /** Calls `visit` for every id under `key`. */
  forEach(key: string, visit: (id: string) => void): void {
    const current = this.entries.get(key);
    if (current === undefined) return;
    if (typeof current === "string") visit(current);
    else for (const id of current) visit(id);
  }
}

/**
 * `ids` with `id` added. Short lists are copied at their exact size, because `push` on a
 * small array reserves room for 16 more ids, and most keys are shared by a handful of
 * events; long lists grow in place so hot keys stay O(1) per add.
 */
export function appendId(ids: string[], id: string): string[] {
  if (ids.length >= 16) {
    ids.push(id);
    return ids;
  }
  return [...ids, id];
}
