import { createHash } from "node:crypto";

/**
 * A stable fingerprint for a finding: rule, repository, file and the normalized code (not
 * the line, so moving code does not make it a new finding).
 */
export function fingerprintOf(parts: {
  repository: string;
  ruleId: string;
  file: string;
  code: string;
}): string {
  return createHash("sha256")
    .update([parts.repository, parts.ruleId, parts.file, parts.code].join("\u0000"))
    .digest("hex")
    .slice(0, 20);
}
