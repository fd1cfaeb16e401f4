import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scratchPostgres, type ScratchDb } from "../support/scratch-db";

const root = path.resolve(__dirname, "../..");
let server: http.Server;
let healthy = true;
let worker: ChildProcess | undefined;
let db: ScratchDb;
const redis = new Redis(process.env.TEST_REDIS_URL!);
const logs: string[] = [];

async function until<T>(fn: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out; worker output:\n${logs.join("")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  server = http.createServer((_req, res) => res.writeHead(healthy ? 200 : 500).end(healthy ? "ok" : "boom"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const dir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-worker-"));
  const config = path.join(dir, "opsdeck.yml");
  writeFileSync(
    config,
    `version: 1\nsettings: { defaultInterval: 1s, failuresBeforeDown: 1, discoverContainers: false }\nservices:\n  - id: payments\n    checks:\n      - { id: http, kind: http, url: "http://127.0.0.1:${port}/" }\n`,
  );
  db = await scratchPostgres("opsdeck_worker");
  await redis.del("opsdeck:map-snapshot");
  worker = spawn(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "scripts/worker.ts"],
    {
      cwd: root,
      env: {
        ...process.env,
        OPSDECK_ROLE: "worker",
        OPSDECK_CONFIG: config,
        OPSDECK_DATA_DIR: dir,
        DATABASE_URL: db.url,
        REDIS_URL: process.env.TEST_REDIS_URL,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  worker.stdout!.on("data", (d) => logs.push(String(d)));
  worker.stderr!.on("data", (d) => logs.push(String(d)));
});

afterAll(async () => {
  worker?.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  server.close();
  redis.disconnect();
  await db?.drop();
});

describe("OPSDECK_ROLE=worker", () => {
  it("runs the checks in its own process, shares the map in Redis and publishes changes on the bus", async () => {
    const snapshot = await until(async () => {
      const text = await redis.get("opsdeck:map-snapshot");
      const snap = text ? JSON.parse(text) : undefined;
      return snap?.services?.find(
        (s: { id: string; status: string }) => s.id === "payments" && s.status === "up",
      )
        ? snap
        : undefined;
    }, 30_000);
    expect(snapshot.services[0].checks[0].kind).toBe("http");

    const sub = new Redis(process.env.TEST_REDIS_URL!);
    const events: { type: string; id: string; to: string }[] = [];
    await sub.subscribe("opsdeck:health");
    sub.on("message", (_c, raw) => events.push(JSON.parse(raw).event));
    healthy = false;
    await until(
      async () =>
        events.some((e) => e.type === "service" && e.id === "payments" && e.to === "down") ? true : undefined,
      10_000,
    );
    sub.disconnect();
    // The worker persists what it saw, so the web replicas' history has it too.
    await until(
      async () =>
        (await db.db.stateChange.count({ where: { entityId: "payments", toState: "down" } })) > 0
          ? true
          : undefined,
      10_000,
    );
    const states = (
      await db.db.stateChange.findMany({ where: { entityId: "payments" }, orderBy: { at: "asc" } })
    ).map((c) => c.toState);
    expect(states.slice(-2)).toEqual(["up", "down"]);
  });
});
