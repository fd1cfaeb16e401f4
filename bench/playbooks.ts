/**
 * Playbooks and incidents as people follow them:
 * - step propagation: a step completed in one browser until the other browser shows it done,
 *   over 200 instruction steps of one run (after 10 warm-up steps);
 * - an incident with 10,000 timeline entries: its page data (GET /api/v1/incidents/<id>) and
 *   its page until interactive (navigation start until the timeline is drawn and a click on one
 *   of its filters has taken effect).
 * Every run is independent: its own scratch database on the durable Postgres server
 * (BENCH_PG_URL), console (the production build, default log level) with Redis, and browser.
 *
 * One command: `npx tsx bench/playbooks.ts` (needs a build, BENCH_PG_URL, TEST_REDIS_URL).
 * Environment: BENCH_RUNS (3), BENCH_STEPS (200 timed steps), BENCH_TIMELINE (10000 entries).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { Page } from "@playwright/test";
import { withCleanup } from "./lib/cleanup";
import { signIn, startConsoleApp, type ConsoleApp } from "./lib/console-app";
import { durablePostgres, scratchOnDurable, type DurableServer } from "./lib/durable-postgres";
import { launchChromium, signedInContext, timeRequests } from "./lib/map-browser";
import { finish, median, percentile, repeatRuns, round, RUNS, type RunRecord } from "./lib/results";
import type { ScratchDatabase } from "./lib/scratch-database";

const STEPS = Number(process.env.BENCH_STEPS ?? 200);
const WARMUP = 10;
const TIMELINE = Number(process.env.BENCH_TIMELINE ?? 10_000);
const DATA_REQUESTS = 10;

const CONFIG = `version: 1
settings:
  discoverContainers: false
`;

function playbookYaml(steps: number): string {
  const lines = ["version: 1", "id: many-steps", "title: Many steps", "steps:"];
  for (let i = 1; i <= steps; i++)
    lines.push(`  - { id: s${i}, kind: instruction, title: Step ${i}, body: "Do thing ${i}." }`);
  return lines.join("\n") + "\n";
}

async function post(app: ConsoleApp, cookie: string, pathname: string, body: unknown) {
  const res = await fetch(`${app.baseUrl}${pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, origin: app.baseUrl },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${pathname}: HTTP ${res.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Times each step from the click in `a` until `b` shows it done. */
async function stepPropagation(a: Page, b: Page, total: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 1; i <= total; i++) {
    const current = a.locator(`[data-testid="step-s${i}"][data-status="active"]`);
    await current.waitFor({ timeout: 10_000 });
    const seen = b.waitForSelector(`[data-testid="step-s${i}"][data-status="done"]`, {
      state: "attached",
      timeout: 10_000,
    });
    const t0 = performance.now();
    await current.getByRole("button", { name: "Done, next step" }).click();
    await seen;
    const ms = performance.now() - t0;
    if (i > WARMUP) samples.push(round(ms, 1));
    if (i % 50 === 0) console.log(`step ${i}: ${ms.toFixed(1)} ms`);
  }
  return samples;
}

/** Fills an incident's timeline with `n` internal notes, as `record` would have written them. */
async function fillTimeline(dbUrl: string, incidentId: string, n: number) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "IncidentEvent" ("incidentId", "at", "recordedAt", "type", "actorName", "message", "public")
       SELECT $1, now() - (g || ' seconds')::interval, now(), 'note', 'bench@opsdeck.local',
              'note ' || g || ': the queue depth is still rising on worker ' || (g % 7), false
       FROM generate_series(1, $2) g`,
      [incidentId, n],
    );
    await client.query(`ANALYZE "IncidentEvent"`);
  } finally {
    await client.end();
  }
}

/** Navigation start until the timeline is drawn and unticking "notes" has emptied it of notes. */
async function incidentInteractive(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: "commit" });
  const timeline = page.getByTestId("incident-timeline");
  await timeline.locator('li[data-kind="note"]').first().waitFor({ timeout: 30_000 });
  await page.getByRole("checkbox", { name: "notes" }).click();
  await timeline.locator('li[data-kind="note"]').first().waitFor({ state: "detached", timeout: 30_000 });
  return page.evaluate(() => performance.now());
}

async function once(run: number, o: { server: DurableServer; redisUrl: string; configPath: string }) {
  let app: ConsoleApp | undefined;
  let scratch: ScratchDatabase | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let record: RunRecord | undefined;
  await withCleanup(
    async () => {
      scratch = await scratchOnDurable(o.server, "opsdeck_bench_playbooks");
      app = await startConsoleApp({
        configPath: o.configPath,
        env: { DATABASE_URL: scratch.url, REDIS_URL: o.redisUrl },
      });
      const cookie = await signIn(app.baseUrl);
      const { runId } = (await post(app, cookie, "/api/v1/playbook-runs", { playbookId: "many-steps" })) as {
        runId: string;
      };
      browser = await launchChromium();
      const [ca, cb] = await Promise.all([
        signedInContext(browser, app.baseUrl, cookie),
        signedInContext(browser, app.baseUrl, cookie),
      ]);
      const [a, b] = await Promise.all([ca.newPage(), cb.newPage()]);
      const runUrl = `${app.baseUrl}/playbooks/runs/${runId}`;
      await Promise.all([a.goto(runUrl), b.goto(runUrl)]);
      // Both pages hold the run's stream (each sees the other as a viewer).
      await Promise.all([a.getByTestId("viewers").waitFor(), b.getByTestId("viewers").waitFor()]);
      const samples = await stepPropagation(a, b, STEPS + WARMUP);
      await b
        .getByTestId("playbook-run-status")
        .filter({ hasText: "completed" })
        .waitFor({ timeout: 10_000 });

      const incident = (await post(app, cookie, "/api/v1/incidents", {
        title: "Queue backing up",
        severity: "P2",
        services: [],
      })) as { id: string };
      await fillTimeline(scratch.url, incident.id, TIMELINE);
      const data = await timeRequests(app.baseUrl, `/api/v1/incidents/${incident.id}`, cookie, DATA_REQUESTS);
      const detail = (await (
        await fetch(`${app.baseUrl}/api/v1/incidents/${incident.id}`, { headers: { cookie } })
      ).json()) as { timeline: unknown[]; timelineTotal: number };
      if (detail.timelineTotal < TIMELINE)
        throw new Error(`the incident's timeline has ${detail.timelineTotal} entries, expected ${TIMELINE}+`);
      const interactive: number[] = [];
      for (let i = 0; i < 3; i++) {
        const context = await signedInContext(browser, app.baseUrl, cookie);
        const page = await context.newPage();
        interactive.push(
          round(await incidentInteractive(page, `${app.baseUrl}/incidents/${incident.id}`), 1),
        );
        await context.close();
      }

      record = {
        figures: {
          step_propagation_p95_ms: { value: round(percentile(samples, 95)), unit: "ms" },
          step_propagation_p50_ms: { value: round(percentile(samples, 50)), unit: "ms" },
          timeline_10k_data_ms: { value: round(median(data.map((d) => d.ms))), unit: "ms" },
          timeline_10k_interactive_ms: { value: round(median(interactive)), unit: "ms" },
        },
        details: {
          steps: samples.length,
          step_samples_ms: samples,
          timeline_entries: detail.timelineTotal,
          timeline_entries_in_page_data: detail.timeline.length,
          data_ms: data.map((d) => round(d.ms, 1)),
          data_bytes: data[0]?.bytes,
          data_encoding: data[0]?.encoding,
          interactive_ms: interactive,
        },
      };
      console.log(
        `run ${run + 1}: propagation p95 ${record.figures.step_propagation_p95_ms.value} ms; timeline data ${record.figures.timeline_10k_data_ms.value} ms, interactive ${record.figures.timeline_10k_interactive_ms.value} ms`,
      );
    },
    async () => {
      await browser?.close();
      await app?.stop();
      await scratch?.drop();
    },
  );
  return record!;
}

async function main() {
  const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL;
  if (!redisUrl) throw new Error('TEST_REDIS_URL is not set: eval "$(bash scripts/services.sh env)"');
  const server = await durablePostgres();
  const configDir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-bench-playbooks-"));
  const configPath = path.join(configDir, "opsdeck.yml");
  writeFileSync(configPath, CONFIG);
  mkdirSync(path.join(configDir, "playbooks"));
  writeFileSync(path.join(configDir, "playbooks", "many-steps.yml"), playbookYaml(STEPS + WARMUP));
  try {
    const loadBefore = os.loadavg().map((l) => round(l, 2));
    const runs = await repeatRuns((run) => once(run, { server, redisUrl, configPath }));
    const pass = finish(
      "playbooks",
      runs,
      {
        step_propagation_p95_ms: { max: 250 },
        timeline_10k_data_ms: { max: 100 },
        timeline_10k_interactive_ms: { max: 1500 },
      },
      {
        runs: RUNS,
        per_run:
          "a fresh scratch database on the durable server, a fresh console (npm start's scripts/server.mjs, default log level, Redis for the bus) that migrates it, a fresh headless Chromium; all removed at the end of the run",
        steps: STEPS,
        warmup: WARMUP,
        timeline_entries: TIMELINE,
        measured: {
          step_propagation:
            "two browser contexts on one run's page; t0 just before the click on 'Done, next step' in the first, t1 when the second has the step's data-status=done in its DOM (Playwright waitForSelector); per run p50/p95 of the timed steps",
          timeline_10k_data: `GET /api/v1/incidents/<id> of an incident with ${TIMELINE} notes (inserted in SQL): what the incident page reads (the newest 300 entries of each source and the total; older ones on demand), ${DATA_REQUESTS} sequential requests until the body is read; per run the median`,
          timeline_10k_interactive:
            "a fresh context: navigation start until the timeline shows notes (the newest 200 drawn, older ones on 'show older') and a click on its 'notes' filter has removed them (the page's own clock); per run the median of 3 loads",
        },
        database: "postgres: a fresh scratch database per run on the durable BENCH_PG_URL server",
        postgres: server.settings,
        bus: "redis",
        load_avg_1_5_15: { before: loadBefore, after: os.loadavg().map((l) => round(l, 2)) },
      },
    );
    process.exitCode = pass ? 0 : 1;
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
