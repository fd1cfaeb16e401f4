/**
 * Fan-out: 200 signed-in clients hold GET /api/v1/stream open; a service's HTTP check target is
 * flipped between healthy and failing (check every 1 s, no flap damping), and each change is
 * timed from the moment the target served its first answer in the new state (the earliest
 * the console can know) until the last of the 200 clients received the `change` event.
 * One command: `npx tsx bench/sse-fanout.ts` (needs a build). Environment: BENCH_CLIENTS (200),
 * BENCH_CHANGES (40), BENCH_SERVICES (50 on the map, for a realistic snapshot),
 * BENCH_REDIS_URL (fan out through Redis pub/sub instead of the in-process bus).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { withCleanup } from "./lib/cleanup";
import { getJson, signIn, startConsoleApp, type ConsoleApp } from "./lib/console-app";
import { checkPath, mapConfig, serviceId } from "./lib/map-config";
import { percentile, report, round, writeResult } from "./lib/results";
import { connectSse, type SseClient, type SseEvent } from "./lib/sse";
import { startSwitchServer, type SwitchServer } from "./lib/switch-server";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 40);
const SERVICES = Number(process.env.BENCH_SERVICES ?? 50);
const PER_STACK = 25;
const TARGET = serviceId(0, PER_STACK - 3);
const CHANGE_TIMEOUT_MS = 15_000;

const isChange = (to: string) => (e: SseEvent) => {
  if (e.event !== "change") return false;
  const c = JSON.parse(e.data) as { type: string; id: string; to: string };
  return c.type === "service" && c.id === TARGET && c.to === to;
};

async function waitForStatus(app: ConsoleApp, cookie: string, status: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const map = await getJson<{ services: { id: string; status: string }[] }>(
      app.baseUrl,
      "/api/v1/map",
      cookie,
    );
    if (map.services.find((s) => s.id === TARGET)?.status === status) return;
    if (Date.now() > deadline) throw new Error(`${TARGET} never became ${status}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main() {
  const configDir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-bench-fanout-"));
  const configPath = path.join(configDir, "opsdeck.yml");
  let target: SwitchServer | undefined;
  let app: ConsoleApp | undefined;
  const clients: SseClient[] = [];
  await withCleanup(
    async () => {
      target = await startSwitchServer();
      const stacks = Math.max(1, Math.ceil(SERVICES / PER_STACK));
      writeFileSync(
        configPath,
        mapConfig({ port: target.port, stacks, perStack: PER_STACK, interval: "30s", fast: [TARGET] }),
      );
      const redis = process.env.BENCH_REDIS_URL;
      app = await startConsoleApp({ configPath, env: redis ? { REDIS_URL: redis } : {} });
      const cookie = await signIn(app.baseUrl);
      await waitForStatus(app, cookie, "up");
      for (let i = 0; i < CLIENTS; i += 20) {
        const batch = Array.from({ length: Math.min(20, CLIENTS - i) }, () =>
          connectSse(`${app!.baseUrl}/api/v1/stream`, cookie),
        );
        clients.push(...(await Promise.all(batch)));
      }
      console.log(`console on ${app.baseUrl}; ${clients.length} SSE clients connected; ${CHANGES} changes`);

      const fromCheck: number[] = [];
      const spread: number[] = [];
      for (let i = 0; i < CHANGES; i++) {
        const failing = i % 2 === 0;
        const to = failing ? "down" : "up";
        const arrivals = clients.map((c) => c.next(isChange(to), CHANGE_TIMEOUT_MS));
        target.setFailing(checkPath(TARGET), failing);
        const events = await Promise.all(arrivals);
        const served = target.servedAfterFlip(checkPath(TARGET));
        if (served === undefined) throw new Error("the target served no answer after the flip");
        const times = events.map((e) => e.receivedAt);
        const first = Math.min(...times);
        const last = Math.max(...times);
        fromCheck.push(round(last - served, 1));
        spread.push(round(last - first, 1));
        console.log(
          `change ${String(i + 1).padStart(2)} (${to.padEnd(4)}): all ${clients.length} after ${(last - served).toFixed(1)} ms; first to last ${(last - first).toFixed(1)} ms`,
        );
      }

      const figures = {
        clients: { value: clients.length, unit: "count" },
        p95_ms: { value: round(percentile(fromCheck, 95)), unit: "ms" },
        p50_ms: { value: round(percentile(fromCheck, 50)), unit: "ms" },
        spread_p95_ms: { value: round(percentile(spread, 95)), unit: "ms" },
      };
      const file = writeResult("sse-fanout", figures, {
        changes: CHANGES,
        services: stacks * PER_STACK,
        bus: redis ? "redis pub/sub" : "in-process (no REDIS_URL)",
        database: process.env.BENCH_DATABASE_URL ? "postgres" : "embedded PGlite",
        check: `${TARGET}: http, interval 1s, failuresBeforeDown 1; target flipped 200 <-> 500`,
        p95_ms:
          "per change: the target's first answer in the new state -> the last of all clients received the SSE change (one clock, the bench process)",
        spread_p95_ms: "per change: first client -> last client receiving it",
        clients_in: "one Node process (fetch streams); arrival stamped when each stream's chunk is read",
        samples_ms: fromCheck,
        spread_samples_ms: spread,
      });
      console.log("");
      report("clients", figures.clients);
      report("p50_ms", figures.p50_ms);
      const pass = report("p95_ms", figures.p95_ms, { max: 250 });
      report("spread_p95_ms", figures.spread_p95_ms);
      console.log(`wrote ${file}`);
      process.exitCode = pass ? 0 : 1;
    },
    async () => {
      for (const c of clients) c.close();
      await app?.stop();
      await target?.stop();
      rmSync(configDir, { recursive: true, force: true });
    },
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
