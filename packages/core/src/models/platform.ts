import { z } from "zod";

/** Platforms contexten ships adapters for. */
export const Platforms = {
  /** GitHub. */
  GITHUB: "github",
  /** Slack. */
  SLACK: "slack",
  /** Linear. */
  LINEAR: "linear",
  /** contexten itself (workflow events). */
  CONTEXTEN: "contexten",
} as const;

/** A platform identifier; the built-in ones autocomplete, others are allowed. */
export type Platform = (typeof Platforms)[keyof typeof Platforms] | (string & {});

/** Schema for {@link Platform}: a short lower-case identifier. */
export const platformSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]{0,49}$/,
    "platform must be a short lower-case identifier such as github",
  );
