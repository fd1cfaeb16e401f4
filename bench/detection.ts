/**
 * Detection latency: how long from `docker kill` until an open dashboard's SSE stream says the
 * service is down. One command: `npx tsx bench/detection.ts` (needs a build and DOCKER_HOST).
 * Environment: BENCH_ROUNDS (default 50), BENCH_DOWN_TIMEOUT_MS (120000; a miss counts as this).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { withCleanup } from "./lib/cleanup";
import { getJson, signIn, startConsoleApp, type ConsoleApp } from "./lib/console-app";
import { BENCH_LABELS, buildTestImages, cleanupBench, createNetwork, docker, dockerApi } from "./lib/docker";
import { percentile, report, ROOT_DIR, round, writeResult } from "./lib/results";
import { connectSse, type SseClient, type SseEvent } from "./lib/sse";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);
const NETWORK = "opsdeck-bench-net";
const CONTAINER = "opsdeck-bench-victim";
const SERVICE_ID = "victim";
const IMAGE = "opsdeck-test/busybox-httpd:1";
const DOWN_TIMEOUT_MS = Number(process.env.BENCH_DOWN_TIMEOUT_MS ?? 120_000);
const UP_TIMEOUT_MS = 90_000;

// Declared (not discovered) so containers of other work on a shared engine stay off the map.
// maxRestarts is raised because 50 kill/start rounds would otherwise read, rightly, as a restart loop.
const CONFIG = `version: 1
settings:
  discoverContainers: false
services:
  - id: ${SERVICE_ID}
    compose: { project: bench, service: victim }
    checks:
      - id: container
        kind: docker
        maxRestarts: 100000
`;

interface StateChange {
  type: string;
  id: string;
  from: string | null;
  to: string;
  reason: string;
}

const serviceChange = (to: string) => (e: SseEvent) => {
  if (e.event !== "change") return false;
  const c = JSON.parse(e.data) as StateChange;
  return c.type === "service" && c.id === SERVICE_ID && c.to === to;
};

async function waitForStatus(app: ConsoleApp, cookie: string, status: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const map = await getJson<{ services: { id: string; status: string; reason: string }[] }>(
      app.baseUrl,
      "/api/v1/map",
      cookie,
    );
    const s = map.services.find((x) => x.id === SERVICE_ID);
    if (s?.status === status) return;
    if (Date.now() > deadline)
      throw new Error(`${SERVICE_ID} is ${s?.status} (${s?.reason}), expected ${status}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main() {
  const configDir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-bench-detect-"));
  const configPath = path.join(configDir, "opsdeck.yml");
  writeFileSync(configPath, CONFIG);
  let app: ConsoleApp | undefined;
  let sse: SseClient | undefined;
  await withCleanup(
    async () => {
      await buildTestImages(ROOT_DIR);
      await cleanupBench();
      await createNetwork(NETWORK);
      const labels = [
        ...BENCH_LABELS,
        "com.docker.compose.project=bench",
        "com.docker.compose.service=victim",
      ];
      await docker(
        "run",
        "-d",
        "--name",
        CONTAINER,
        "--network",
        NETWORK,
        ...labels.flatMap((l) => ["--label", l]),
        IMAGE,
      );
      const container = dockerApi().getContainer(CONTAINER);

      app = await startConsoleApp({ configPath });
      const cookie = await signIn(app.baseUrl);
      await waitForStatus(app, cookie, "up", 60_000);
      sse = await connectSse(`${app.baseUrl}/api/v1/stream`, cookie);
      console.log(`console on ${app.baseUrl} (server pid ${app.serverPid}); ${ROUNDS} rounds`);

      const samples: number[] = [];
      const reasons = new Set<string>();
      let missed = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const down = sse.next(serviceChange("down"), DOWN_TIMEOUT_MS);
        const t0 = performance.now();
        await container.kill();
        try {
          const event = await down;
          const ms = event.receivedAt - t0;
          samples.push(round(ms, 1));
          reasons.add((JSON.parse(event.data) as StateChange).reason);
          console.log(`round ${String(i + 1).padStart(2)}: down after ${ms.toFixed(1)} ms`);
        } catch {
          // A miss counts as the timeout, so percentiles stay honest instead of dropping it.
          missed += 1;
          samples.push(DOWN_TIMEOUT_MS);
          console.log(`round ${String(i + 1).padStart(2)}: no "down" within ${DOWN_TIMEOUT_MS} ms`);
        }
        await container.start();
        await waitForStatus(app, cookie, "up", UP_TIMEOUT_MS);
      }

      const figures = {
        p50_ms: { value: round(percentile(samples, 50)), unit: "ms" },
        p95_ms: { value: round(percentile(samples, 95)), unit: "ms" },
        max_ms: { value: round(Math.max(...samples)), unit: "ms" },
        missed_rounds: { value: missed, unit: "count" },
      };
      const file = writeResult("detection", figures, {
        rounds: ROUNDS,
        downTimeoutMs: DOWN_TIMEOUT_MS,
        image: IMAGE,
        check: "docker (declared service, default failuresBeforeDown)",
        measured:
          "docker kill (dockerode, t0 before the API call) -> SSE change {type: service, to: down} received",
        database: process.env.BENCH_DATABASE_URL ? "postgres" : "embedded PGlite",
        downReasons: [...reasons],
        samples_ms: samples,
      });
      console.log("");
      report("p50_ms", figures.p50_ms);
      const pass = report("p95_ms", figures.p95_ms, { max: 500 });
      console.log(`wrote ${file}`);
      process.exitCode = pass ? 0 : 1;
    },
    async () => {
      sse?.close();
      await app?.stop();
      await cleanupBench();
      rmSync(configDir, { recursive: true, force: true });
    },
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
