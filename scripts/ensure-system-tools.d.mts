/** The programs, where Debian installs them, and the package that has each. */
export declare const SYSTEM_TOOLS: Record<
  "prometheus" | "chromium",
  { path: string; aptPackage: string }
>;
/** Makes sure each named tool is installed (apt-get as root) and returns their paths. */
export declare function ensureSystemTools<Name extends "prometheus" | "chromium">(
  names?: Name[],
): Record<Name, string>;
