import { platformObjectKey } from "../keys/platform-object-key";

/**
 * `platformObjectKey(platform, kind, id)` (`linear:comment:<uuid>`, `slack:view:<id>`), or
 * `undefined` where that throws: an id that is empty or holds whitespace, or a kind that
 * is not a lower-case identifier (an odd type a platform adds). For normalizers, which
 * must drop such a key rather than fail the delivery.
 */
export function objectKey(
  platform: string,
  kind: string,
  id: string | undefined,
): string | undefined {
  if (id === undefined) return undefined;
  try {
    return platformObjectKey(platform, kind, id);
  } catch {
    return undefined;
  }
}
