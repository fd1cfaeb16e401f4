/**
 * Check capacity: CPU, memory and scheduling lag of the console running 1,000 HTTP checks every
 * 5 s against a local endpoint. One command: `npx tsx bench/check-capacity.ts` (needs a build).
 * Environment: BENCH_SERVICES (100) x BENCH_CHECKS_PER_SERVICE (10), BENCH_WARMUP_S (20), BENCH_WINDOW_S (120).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { withCleanup } from "./lib/cleanup";
import { getJson, signIn, startConsoleApp, type ConsoleApp } from "./lib/console-app";
import { commandLine, cpuSeconds, processTree, rssMb } from "./lib/proc";
import { report, round, writeResult } from "./lib/results";
import { startTargetServer, type TargetServer } from "./lib/target-server";

const SERVICES = Number(process.env.BENCH_SERVICES ?? 100);
const CHECKS_PER_SERVICE = Number(process.env.BENCH_CHECKS_PER_SERVICE ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 20);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 120);
const INTERVAL = "5s";

/** Default settings (maxConcurrentChecks 64, failuresBeforeDown 2); no container discovery. */
function generateConfig(port: number): string {
  const lines = ["version: 1", "settings:", "  discoverContainers: false", "services:"];
  for (let s = 0; s < SERVICES; s++) {
    lines.push(`  - id: svc-${s}`, "    checks:");
    for (let c = 0; c < CHECKS_PER_SERVICE; c++)
      lines.push(
        `      - id: check-${c}`,
        "        kind: http",
        `        url: http://127.0.0.1:${port}/health/${s}/${c}`,
        `        interval: ${INTERVAL}`,
        `        expect: [status == 200, 'json.status == "ok"', latency < 1000ms]`,
      );
  }
  return `${lines.join("\n")}\n`;
}

interface MapSnapshot {
  services: { status: string; checks: { status: string }[] }[];
  scheduler?: { scheduled: number; running: number; queued: number; lagP99Ms: number };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const configDir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-bench-capacity-"));
  const configPath = path.join(configDir, "opsdeck.yml");
  let target: TargetServer | undefined;
  let app: ConsoleApp | undefined;
  await withCleanup(
    async () => {
      target = await startTargetServer();
      writeFileSync(configPath, generateConfig(target.port));
      app = await startConsoleApp({ configPath });
      const cookie = await signIn(app.baseUrl);
      const checks = SERVICES * CHECKS_PER_SERVICE;
      console.log(
        `console on ${app.baseUrl}: started pid ${app.rootPid}, server pid ${app.serverPid} (${commandLine(app.serverPid)})`,
      );
      console.log(`${checks} http checks every ${INTERVAL}; warm-up ${WARMUP_S} s, window ${WINDOW_S} s`);
      await sleep(WARMUP_S * 1000);

      // The server process and its children: next may fork the server, and workers count too.
      const pids = () => processTree(app!.serverPid);
      const cpu0 = cpuSeconds(pids());
      const req0 = await target.requests();
      const t0 = performance.now();
      let maxRss = rssMb(pids());
      while (performance.now() - t0 < WINDOW_S * 1000) {
        await sleep(1000);
        maxRss = Math.max(maxRss, rssMb(pids()));
      }
      const elapsedS = (performance.now() - t0) / 1000;
      const cpuPercent = ((cpuSeconds(pids()) - cpu0) / elapsedS) * 100;
      const checksPerS = ((await target.requests()) - req0) / elapsedS;
      const map = await getJson<MapSnapshot>(app.baseUrl, "/api/v1/map", cookie);
      const checkStates: Record<string, number> = {};
      for (const s of map.services)
        for (const c of s.checks) checkStates[c.status] = (checkStates[c.status] ?? 0) + 1;

      const figures = {
        cpu_percent: { value: round(cpuPercent), unit: "%" },
        rss_mb: { value: round(maxRss), unit: "MB" },
        lag_p99_ms: { value: round(map.scheduler?.lagP99Ms ?? Number.NaN), unit: "ms" },
        checks_per_s: { value: round(checksPerS), unit: "1/s" },
      };
      const file = writeResult(
        "check-capacity",
        figures,
        {
          checks,
          services: SERVICES,
          interval: INTERVAL,
          maxConcurrentChecks: 64,
          warmupS: WARMUP_S,
          windowS: round(elapsedS),
          cpu: "utime+stime of the listening server process and its children over the window, % of one core",
          rss: "max VmRSS (sum over the same processes), sampled every second",
          lag: "scheduler.lagP99Ms from /api/v1/map at the end (last 1024 starts)",
          database: process.env.BENCH_DATABASE_URL ? "postgres" : "embedded PGlite",
          expectedChecksPerS: checks / 5,
          checkStates,
          scheduler: map.scheduler,
        },
        process.env.BENCH_DATABASE_URL ? "check-capacity-postgres" : "check-capacity",
      );
      console.log("");
      const pass = [
        report("cpu_percent", figures.cpu_percent, { max: 20 }),
        report("rss_mb", figures.rss_mb, { max: 300 }),
        report("lag_p99_ms", figures.lag_p99_ms, { max: 250 }),
      ].every(Boolean);
      console.log(
        `checks/s ${figures.checks_per_s.value} (expected ${checks / 5}); states ${JSON.stringify(checkStates)}`,
      );
      console.log(`wrote ${file}`);
      process.exitCode = pass ? 0 : 1;
    },
    async () => {
      await app?.stop();
      target?.stop();
      rmSync(configDir, { recursive: true, force: true });
    },
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
