/** What the test tells an instance process at start (as its one argument, JSON). */
export interface InstanceSettings {
  /** 0, 1, 2… */
  index: number;
  /** How many instances run (each holds 1/instances of a budget while Redis is down). */
  instances: number;
  redisUrl: string;
  keyPrefix: string;
  databaseUrl: string;
  schema: string;
  githubUrl: string;
  slackApiUrl: string;
  slackBotToken: string;
  linearApiUrl: string;
  /** Simulated start time, epoch ms. */
  startAt: number;
  /** Issue the load's comments go to. */
  commentIssue: number;
}

/** Commands an instance process answers over IPC. */
export type InstanceCommand =
  | { type: "hello" }
  | { type: "advance"; to: number }
  | { type: "idle" }
  | { type: "start-demand"; everyMs: number; readsPerTick: number; createsPerTick: number }
  | { type: "stop-demand" }
  | { type: "cache-set"; key: string; value: unknown }
  | { type: "cache-get"; key: string }
  | { type: "cache-invalidate"; pattern: string }
  | { type: "invalidations" }
  | { type: "status" }
  | { type: "inspect"; platform: string; bucket: string }
  | { type: "close" };
