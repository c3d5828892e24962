/**
 * The signed deliveries both contenders receive: a realistic mix of GitHub's published
 * example payloads (`@octokit/webhooks-examples`), rewritten into a new repository every
 * 100 deliveries (its own name, object ids and commit shas), so correlation sees realistic
 * key overlap: events of one repository's pull request, branch and commits meet; ten
 * thousand deliveries do not all share one check run id or one sha.
 */
import { createHash, createHmac } from "node:crypto";
import { createRequire } from "node:module";

/** One signed delivery; the delivery id is chosen per iteration (GitHub does not sign it). */
export interface SignedDelivery {
  /** `X-GitHub-Event`. */
  name: string;
  /** The exact body, as GitHub sends it. */
  body: string;
  /** The body as bytes (what an HTTP server reads). */
  bytes: Uint8Array;
  /** `sha256=…` over the body. */
  signature: string;
}

interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}

/**
 * Share of each event in the mix, roughly what an active repository with CI sends: check
 * runs and pushes dominate, then pull requests, check suites, comments, workflow runs and
 * jobs, reviews, issues and branches. Each event cycles through all of its examples.
 */
export const MIX: Readonly<Record<string, number>> = {
  push: 20,
  check_run: 20,
  pull_request: 14,
  check_suite: 12,
  issue_comment: 8,
  workflow_run: 8,
  workflow_job: 6,
  pull_request_review: 4,
  issues: 4,
  create: 2,
  delete: 1,
  status: 1,
};

/** Deliveries per rewritten repository. */
const PER_REPOSITORY = 100;
const SHA = /\b[0-9a-f]{40}\b/g;
const ID = /"(id|check_suite_id|run_id|workflow_id)":(\d+)/g;
/** The repository names in the examples used (each example's `repository.full_name`). */
const REPOSITORY_NAMES =
  /(?<=\/)(?:Hello-World|hello-world|octo-repo|example-workflow|electron|github-events-schemas|elastic-machines-testing)\b/g;
const require = createRequire(import.meta.url);

/** Builds deliveries by index: the same index always yields the same signed delivery. */
export class DeliveryMix {
  private readonly slots: string[] = [];
  private readonly examples = new Map<string, string[]>();
  private readonly encoder = new TextEncoder();

  constructor(private readonly secret: string) {
    const groups =
      require("@octokit/webhooks-examples/api.github.com/index.json") as ExampleGroup[];
    for (const [name, share] of Object.entries(MIX)) {
      for (let slot = 0; slot < share; slot += 1) this.slots.push(name);
      const group = groups.find((candidate) => candidate.name === name)!;
      this.examples.set(
        name,
        group.examples.map((example) => JSON.stringify(example)),
      );
    }
  }

  /** Delivery number `index`. */
  at(index: number): SignedDelivery {
    const name = this.slots[index % this.slots.length]!;
    const examples = this.examples.get(name)!;
    const template = examples[Math.floor(index / this.slots.length) % examples.length]!;
    const repository = Math.floor(index / PER_REPOSITORY);
    const body = template
      .replace(SHA, (sha) => createHash("sha1").update(`${sha}:${repository}`).digest("hex"))
      .replace(
        ID,
        (_match, field: string, id: string) => `"${field}":${Number(id) * 100_000 + repository}`,
      )
      .replace(REPOSITORY_NAMES, (name) => `${name}-${repository}`);
    const signature = `sha256=${createHmac("sha256", this.secret).update(body).digest("hex")}`;
    return { name, body, bytes: this.encoder.encode(body), signature };
  }

  /** Deliveries `from` … `from + count - 1`. */
  batch(from: number, count: number): SignedDelivery[] {
    return Array.from({ length: count }, (_, offset) => this.at(from + offset));
  }
}
