/**
 * The demo behind `npm run demo`: contexten doing its job end to end, on loopback only.
 *
 * It starts fake GitHub, Slack and Linear APIs and the example service, replays a
 * realistic story as signed webhooks (Linear issue → branch → PR "Fixes ENG-123" → CI →
 * Slack question → review → merge → Linear Done → Slack celebration), then prints the
 * lineage as a tree with rule names and strengths, writes it as a Mermaid diagram, and
 * lists every API call the service made on its own and the email notifications a local SMTP
 * peer captured.
 *
 * Storage is embedded PGlite in a fresh folder (.data/demo); set DATABASE_URL to use
 * PostgreSQL instead (the demo then uses, and drops, its own schema).
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { eventLineageSchema } from "@contexten/core/schemas";
import {
  DEMO_API_TOKEN,
  DEMO_CAST,
  DEMO_CHANNEL,
  startDemoEnvironment,
} from "./demo/demo-environment";
import { renderLineageMermaid, renderLineageTree } from "./demo/lineage-view";
import { replayScenario } from "./demo/replay-scenario";
import { renderRuns } from "./demo/runs-view";
import { createDemoScenario } from "./demo/scenario";
import { dropSchema } from "./service/drop-schema";

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (text: string) =>
  color ? `\u001b[${code}m${text}\u001b[0m` : text;
const bold = paint(1);
const dim = paint(2);
const green = paint(32);
const red = paint(31);
/** The demo's API calls carry its bearer token. */
const authorized = { headers: { authorization: `Bearer ${DEMO_API_TOKEN}` } };
const PLATFORM_LABEL = { github: "GitHub", slack: "Slack ", linear: "Linear" } as const;

async function main(): Promise<void> {
  const started = performance.now();
  const databaseUrl = process.env.DATABASE_URL;
  const dataDirectory = ".data/demo";
  const schema = databaseUrl ? `contexten_demo_${process.pid}` : undefined;
  if (!databaseUrl) await rm(dataDirectory, { recursive: true, force: true });

  console.log(bold("contexten demo: GitHub + Slack + Linear, correlated\n"));
  console.log(dim("Starting fake GitHub, Slack and Linear APIs and the service on 127.0.0.1…"));
  const environment = await startDemoEnvironment({
    ...(databaseUrl ? { databaseUrl } : { dataDirectory }),
    ...(schema ? { schema } : {}),
  });
  try {
    console.log(
      `  service   ${environment.baseUrl}/api/v1/integrations/{github,slack,linear}/webhook`,
    );
    console.log(`  storage   ${environment.storage.description}`);
    console.log(
      `  fakes     GitHub ${environment.fakes.github.url}, Slack ${environment.fakes.slack.url}, Linear ${environment.fakes.linear.url}\n`,
    );

    const steps = createDemoScenario();
    console.log(bold(`Replaying ${steps.length} signed webhooks:`));
    let seenCalls = 0;
    const results = await replayScenario(environment, steps, ({ index, step, status, ackMs }) => {
      const ok = status >= 200 && status < 300;
      const mark = ok ? green("✓") : red("✗");
      console.log(
        `  ${mark} [${String(index + 1).padStart(2)}/${steps.length}] ${PLATFORM_LABEL[step.platform]}  ${step.title.padEnd(58)} ${dim(`HTTP ${status} in ${ackMs.toFixed(0)} ms`)}`,
      );
      const calls = environment.outbound.calls.slice(seenCalls);
      seenCalls = environment.outbound.calls.length;
      if (calls.length > 0) {
        console.log(
          dim(
            `          ↳ the service called ${calls.map((call) => `${call.platform} ${call.endpoint}`).join(", ")}`,
          ),
        );
      }
    });
    const failed = results.filter((result) => result.status < 200 || result.status >= 300);
    if (failed.length > 0)
      throw new Error(
        `${failed.length} webhook(s) were refused: ${JSON.stringify(failed.map((result) => result.body))}`,
      );

    // Find the Linear issue's first event through the API and ask for its lineage.
    const found = (await (
      await fetch(`${environment.baseUrl}/api/v1/events?key=linear:issue:ENG-123`, authorized)
    ).json()) as {
      events: { id: string; type: string; occurredAt: string }[];
    };
    const created = found.events.find((event) => event.type === "linear.issue.created");
    if (!created) throw new Error("the Linear issue's event was not stored");
    const lineageUrl = `${environment.baseUrl}/api/v1/events/${created.id}/lineage`;
    const lineage = eventLineageSchema.parse(await (await fetch(lineageUrl, authorized)).json());

    console.log(bold(`\nLineage of ENG-123 (GET ${lineageUrl.replace(environment.baseUrl, "")}):`));
    console.log(
      dim(
        "Each object (issue, PR, branch, …) with its events in order, under the object it is most\n  strongly linked to: ← rule strength (evidence).",
      ),
    );
    console.log(renderLineageTree(lineage));
    console.log(
      `\n${lineage.relatedEvents.length + 1} events in one correlation group, ${lineage.links.length} links, ` +
        `overall strength ${lineage.correlationStrength.toFixed(2)}; workflows triggered: ${lineage.workflowsTriggered.length}.`,
    );

    const outputDirectory = "demo-output";
    await mkdir(outputDirectory, { recursive: true });
    const mermaidFile = join(outputDirectory, "lineage.mmd");
    await writeFile(mermaidFile, renderLineageMermaid(lineage));
    await writeFile(join(outputDirectory, "lineage.json"), JSON.stringify(lineage, null, 2));
    console.log(
      `Mermaid diagram written to ${relative(process.cwd(), mermaidFile)} (paste it into https://mermaid.live).`,
    );

    console.log(bold("\nWhat the service's workflows did (outbound API calls):"));
    for (const call of environment.outbound.calls) {
      console.log(
        `  ${call.platform.padEnd(7)} ${call.method.padEnd(5)} ${call.endpoint.padEnd(52)} ${dim(`${call.status ?? "network error"}${call.cached ? " (cached)" : ""}, ${call.durationMs.toFixed(0)} ms`)}`,
      );
    }
    const runs = await environment.service.workflows.listRuns();
    const views = await Promise.all(
      runs.map(async (run) => (await environment.service.workflows.getRun(run.id))!),
    );
    console.log(bold(`\nWorkflow runs (GET /api/v1/workflows): ${views.length}`));
    console.log(renderRuns(views));

    const slackState = environment.fakes.slack.state;
    const root = slackState
      .messages(DEMO_CHANNEL.id)
      .find((message) => message.text.includes(`#${DEMO_CAST.number}`));
    if (root) {
      console.log(bold(`\nIn Slack #${DEMO_CHANNEL.name}:`));
      console.log(`  ${root.text.split("\n")[0]}`);
      for (const reply of slackState.replies(DEMO_CHANNEL.id, root.ts))
        console.log(`    ↳ ${reply.text.split("\n")[0]}`);
    }
    const attachments = environment.fakes.linear.state.issue("ENG-123").id;
    const linked = environment.fakes.linear.state.attachments.filter(
      (attachment) => attachment.issueId === attachments,
    );
    console.log(bold("\nIn Linear ENG-123:"));
    for (const attachment of linked) console.log(`  attachment ${attachment.url}`);

    const emails = environment.smtp.messages;
    console.log(
      bold(
        `\nEmail captured by the local SMTP peer (127.0.0.1:${environment.smtp.port}): ${emails.length}`,
      ),
    );
    for (const email of emails) {
      console.log(`  to ${email.envelopeTo.join(", ")}: ${email.subject}`);
      console.log(dim(`    ${email.text.split("\n").slice(1, 4).filter(Boolean).join(" · ")}`));
    }

    console.log(
      dim(
        `\nEvents by platform: ${summarize(lineage)}. Finished in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
      ),
    );
  } finally {
    await environment.close();
    if (databaseUrl && schema) await dropSchema(databaseUrl, schema);
  }
}

function summarize(lineage: ReturnType<typeof eventLineageSchema.parse>): string {
  const counts = new Map<string, number>();
  for (const event of [lineage.rootEvent, ...lineage.relatedEvents])
    counts.set(event.platform, (counts.get(event.platform) ?? 0) + 1);
  return [...counts].map(([platform, count]) => `${platform} ${count}`).join(", ");
}

main().catch((error: unknown) => {
  console.error(red("\nThe demo failed:"), error);
  process.exitCode = 1;
});
