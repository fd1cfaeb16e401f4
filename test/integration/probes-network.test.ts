import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import Redis from "ioredis";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSchema } from "@/lib/catalog/schemas";
import { runProbe } from "@/lib/probes";
import type { ProbeContext } from "@/lib/probes/types";

const DATABASE_URL = process.env.TEST_DATABASE_URL!;
const REDIS_URL = process.env.TEST_REDIS_URL!;
const suffix = `${process.pid}_${Date.now()}`;
const scratchDb = `opsdeck_probe_${suffix}`;
const queueKey = `opsdeck-test:${suffix}:tasks`;
const redisUser = `opsdeck_probe_${suffix}`;

const check = (input: Record<string, unknown>) => checkSchema.parse({ id: "c", ...input });
const ctx = (overrides: Partial<ProbeContext> = {}): ProbeContext => ({
  signal: new AbortController().signal,
  timeoutMs: 3000,
  containers: [],
  ...overrides,
});
const withDb = (db: string) => {
  const url = new URL(DATABASE_URL);
  url.pathname = `/${db}`;
  return url.toString();
};

let admin: Client;
let redis: Redis;
let server: http.Server;
let base: string;
let closedPort: number;
let silent: net.Server;
let silentPort: number;
let lastAuthorization: string | undefined;

const healthy = {
  status: "healthy",
  circuit_breakers: { openai: { state: "closed" }, anthropic: { state: "closed" } },
};

beforeAll(async () => {
  admin = new Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${scratchDb}`);
  const scratch = new Client({ connectionString: withDb(scratchDb) });
  await scratch.connect();
  await scratch.query("create table jobs (id serial primary key, state text not null)");
  await scratch.query("insert into jobs (state) select 'queued' from generate_series(1, 7)");
  await scratch.end();

  redis = new Redis(REDIS_URL);
  await redis.call("ACL", "SETUSER", redisUser, "on", ">right-horse-battery", "~*", "+@all");

  server = http.createServer((req, res) => {
    lastAuthorization = req.headers.authorization;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.url === "/health") return json(200, healthy);
    if (req.url === "/tripped")
      return json(200, {
        ...healthy,
        circuit_breakers: { ...healthy.circuit_breakers, anthropic: { state: "open" } },
      });
    if (req.url === "/no-breakers") return json(200, { status: "healthy", circuit_breakers: {} });
    if (req.url === "/fail") return json(500, { status: "error" });
    if (req.url === "/slow") return void setTimeout(() => json(200, healthy), 2000);
    if (req.url === "/text") return void res.end("ready\n");
    json(404, { error: "not found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Accepts connections and never answers: drivers hang until the probe's timeout.
  silent = net.createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentPort = (silent.address() as AddressInfo).port;

  const spare = net.createServer();
  await new Promise<void>((resolve) => spare.listen(0, "127.0.0.1", resolve));
  closedPort = (spare.address() as AddressInfo).port;
  await new Promise((resolve) => spare.close(resolve));
});

afterAll(async () => {
  await admin?.query(`drop database if exists ${scratchDb} with (force)`);
  await admin?.end();
  await redis?.del(queueKey);
  await redis?.call("ACL", "DELUSER", redisUser);
  redis?.disconnect();
  silent?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe("postgres probe", () => {
  it("is up when it can connect and select 1", async () => {
    const result = await runProbe(
      check({ kind: "postgres", url: withDb(scratchDb), expect: ["latency < 3s"] }),
      ctx(),
    );
    expect(result).toMatchObject({ status: "up", message: expect.stringMatching(/select 1/) });
    // A real connect and query: measured, and within the 3 s the condition allows.
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(result.latencyMs).toBeLessThan(3000);
  });

  it("records a read-only query's value as the metric and applies its thresholds", async () => {
    const metric = { name: "queued_jobs", warn: "> 5", critical: "> 10" };
    const query = "select count(*) from jobs where state = 'queued'";
    const degraded = await runProbe(
      check({ kind: "postgres", url: withDb(scratchDb), query, metric }),
      ctx(),
    );
    expect(degraded).toMatchObject({ status: "degraded", metrics: { queued_jobs: 7 } });
    expect(degraded.message).toMatch(/queued_jobs 7 crosses warn threshold > 5/);

    const critical = await runProbe(
      check({ kind: "postgres", url: withDb(scratchDb), query, metric: { ...metric, critical: "> 6" } }),
      ctx(),
    );
    expect(critical).toMatchObject({
      status: "down",
      message: expect.stringMatching(/critical threshold > 6/),
    });

    const conditioned = await runProbe(
      check({ kind: "postgres", url: withDb(scratchDb), query, expect: ["value == 7"] }),
      ctx(),
    );
    expect(conditioned.status).toBe("up");
  });

  it("cannot write through the declared query", async () => {
    const url = withDb(scratchDb);
    const write = await runProbe(
      check({ kind: "postgres", url, query: "delete from jobs returning 1" }),
      ctx(),
    );
    expect(write).toMatchObject({ status: "down", message: expect.stringMatching(/read-only transaction/) });
    const escape = await runProbe(
      check({ kind: "postgres", url, query: "commit; delete from jobs; select 1" }),
      ctx(),
    );
    expect(escape.status).toBe("down");
    expect((await admin.query(`select 1`)).rowCount).toBe(1);
    const scratch = new Client({ connectionString: url });
    await scratch.connect();
    expect((await scratch.query("select count(*)::int as n from jobs")).rows[0].n).toBe(7);
    await scratch.end();
  });

  it("is down with the server's reason when the database does not exist", async () => {
    const result = await runProbe(check({ kind: "postgres", url: withDb("no_such_db_for_opsdeck") }), ctx());
    expect(result).toMatchObject({
      status: "down",
      message: expect.stringMatching(/no_such_db_for_opsdeck.*does not exist/),
    });
  });

  it("is down without revealing the password when nothing listens", async () => {
    const url = `postgres://postgres:pg-Secret-123@127.0.0.1:${closedPort}/postgres`;
    const result = await runProbe(check({ kind: "postgres", url }), ctx());
    expect(result.status).toBe("down");
    expect(result.message).toMatch(/ECONNREFUSED/);
    expect(result.message).not.toContain("pg-Secret-123");
  });
});

describe("redis probe", () => {
  it("answers PING", async () => {
    const result = await runProbe(check({ kind: "redis", url: REDIS_URL }), ctx());
    expect(result).toMatchObject({ status: "up", message: expect.stringMatching(/^PONG/) });
  });

  it("turns LLEN of a queue into a metric with warn and critical thresholds", async () => {
    const queueCheck = (critical: string) =>
      check({
        kind: "redis",
        url: REDIS_URL,
        command: `LLEN ${queueKey}`,
        metric: { name: "queue_depth", warn: "> 50", critical },
      });
    await redis.rpush(queueKey, ...Array.from({ length: 10 }, (_, i) => `task-${i}`));
    expect(await runProbe(queueCheck("> 100"), ctx())).toMatchObject({
      status: "up",
      metrics: { queue_depth: 10 },
    });

    await redis.rpush(queueKey, ...Array.from({ length: 60 }, (_, i) => `more-${i}`));
    const degraded = await runProbe(queueCheck("> 100"), ctx());
    expect(degraded).toMatchObject({ status: "degraded", metrics: { queue_depth: 70 } });
    expect(degraded.message).toContain("queue_depth 70 crosses warn threshold > 50");

    await redis.rpush(queueKey, ...Array.from({ length: 31 }, (_, i) => `late-${i}`));
    const down = await runProbe(queueCheck("> 100"), ctx());
    expect(down).toMatchObject({ status: "down", metrics: { queue_depth: 101 } });
    expect(down.message).toContain("critical threshold > 100");
  });

  it("reads a numeric INFO field and checks it with a condition", async () => {
    const result = await runProbe(
      check({
        kind: "redis",
        url: REDIS_URL,
        command: "INFO memory.used_memory",
        expect: ["value > 0"],
        metric: { name: "used_memory" },
      }),
      ctx(),
    );
    expect(result.status).toBe("up");
    expect(result.metrics?.used_memory).toBeGreaterThan(0);
  });

  it("is down without revealing a wrong password", async () => {
    const url = new URL(REDIS_URL);
    url.username = redisUser;
    url.password = "Wrong-Horse-42";
    const result = await runProbe(check({ kind: "redis", url: url.toString() }), ctx());
    expect(result.status).toBe("down");
    expect(result.message).toMatch(/WRONGPASS|invalid username-password/);
    expect(result.message).not.toContain("Wrong-Horse-42");

    url.password = "right-horse-battery";
    expect((await runProbe(check({ kind: "redis", url: url.toString() }), ctx())).status).toBe("up");
  });

  it("is down when nothing listens", async () => {
    const result = await runProbe(check({ kind: "redis", url: `redis://127.0.0.1:${closedPort}` }), ctx());
    expect(result).toMatchObject({ status: "down", message: expect.stringMatching(/ECONNREFUSED/) });
  });
});

describe("http probe", () => {
  it("is up on 200 and exposes status, latency, headers and JSON to conditions", async () => {
    const expectations = [
      "status == 200",
      "latency < 2s",
      'headers.content-type contains "json"',
      'json.status == "healthy"',
      'json.circuit_breakers.*.state == "closed"',
      'body contains "healthy"',
    ];
    const result = await runProbe(
      check({ kind: "http", url: `${base}/health`, expect: expectations, metric: { name: "response_ms" } }),
      ctx(),
    );
    expect(result).toMatchObject({ status: "up", message: expect.stringMatching(/^HTTP 200/) });
    expect(result.metrics?.response_ms).toBe(result.latencyMs);
  });

  it("is down on 500 by default and says what was expected", async () => {
    expect(await runProbe(check({ kind: "http", url: `${base}/fail` }), ctx())).toMatchObject({
      status: "down",
      message: expect.stringMatching(/^HTTP 500.*expected status < 400, got 500/),
    });
  });

  it("is down when any circuit breaker is open, naming it", async () => {
    const breakers = check({
      kind: "http",
      url: `${base}/tripped`,
      expect: ['json.circuit_breakers.*.state == "closed"'],
    });
    expect((await runProbe(breakers, ctx())).message).toContain(
      'json.circuit_breakers.anthropic.state = "open"',
    );
    const empty = await runProbe(
      check({ kind: "http", url: `${base}/no-breakers`, expect: breakers.expect }),
      ctx(),
    );
    expect(empty).toMatchObject({ status: "down", message: expect.stringMatching(/no values matched/) });
  });

  it("times out on a slow endpoint", async () => {
    const started = Date.now();
    const result = await runProbe(check({ kind: "http", url: `${base}/slow` }), ctx({ timeoutMs: 300 }));
    expect(result).toMatchObject({ status: "down", message: "timed out after 300ms" });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("reports a cancelled run as unknown, not down", async () => {
    const controller = new AbortController();
    const pending = runProbe(
      check({ kind: "http", url: `${base}/slow` }),
      ctx({ signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toMatchObject({ status: "unknown", message: "check cancelled" });
  });

  it("sends URL credentials as Basic auth and never puts secrets in messages", async () => {
    const ok = await runProbe(
      check({
        kind: "http",
        url: `http://ops:url-Secret-9@${base.slice(7)}/text`,
        expect: ['body matches "/^ready/"'],
      }),
      ctx(),
    );
    expect(ok.status).toBe("up");
    expect(lastAuthorization).toBe(`Basic ${Buffer.from("ops:url-Secret-9").toString("base64")}`);

    const refused = await runProbe(
      check({
        kind: "http",
        url: `http://ops:url-Secret-9@127.0.0.1:${closedPort}/`,
        headers: { authorization: "Bearer header-Secret-7" },
      }),
      ctx(),
    );
    expect(refused.status).toBe("down");
    expect(refused.message).not.toMatch(/url-Secret-9|header-Secret-7/);
  });

  it("is unknown when the URL targets a container and none is running", async () => {
    const containers = [{ id: "a", name: "backend-1", state: "exited", ip: "10.0.0.9" }];
    const result = await runProbe(
      check({ kind: "http", url: "http://{{container}}:8001/health" }),
      ctx({ containers }),
    );
    expect(result).toMatchObject({ status: "unknown", message: "no running container with an address" });
  });
});

describe("timeouts", () => {
  it.each([
    ["postgres", { kind: "postgres", url: "postgres://postgres:pw-Secret-5@127.0.0.1:PORT/postgres" }],
    ["redis", { kind: "redis", url: "redis://:pw-Secret-5@127.0.0.1:PORT" }],
    ["http", { kind: "http", url: "http://127.0.0.1:PORT/health" }],
  ])("%s is down when the server never answers", async (_kind, input) => {
    const started = Date.now();
    const url = input.url.replace("PORT", String(silentPort));
    const result = await runProbe(check({ ...input, url }), ctx({ timeoutMs: 300 }));
    expect(result).toMatchObject({ status: "down", message: "timed out after 300ms" });
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe("tcp probe", () => {
  it("is up when the port accepts connections and down when refused", async () => {
    const port = Number(new URL(base).port);
    expect(
      await runProbe(check({ kind: "tcp", host: "127.0.0.1", port, expect: ["latency < 1s"] }), ctx()),
    ).toMatchObject({ status: "up" });
    expect(await runProbe(check({ kind: "tcp", host: "127.0.0.1", port: closedPort }), ctx())).toMatchObject({
      status: "down",
      message: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it("resolves {{container}} to a running container's IP", async () => {
    const port = Number(new URL(base).port);
    const containers = [
      { id: "a", name: "old", state: "exited", ip: "10.255.255.1" },
      { id: "b", name: "web", state: "running", ip: "127.0.0.1" },
    ];
    expect(
      await runProbe(check({ kind: "tcp", host: "{{container}}", port }), ctx({ containers })),
    ).toMatchObject({ status: "up" });
  });
});
