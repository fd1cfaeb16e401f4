import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActionLocks } from "@/lib/actions/locks";
import { RunRegistry } from "@/lib/actions/run-state";
import { declaredActionSchema } from "@/lib/actions/schemas";
import { ActionService } from "@/lib/actions/service";
import { recordRunArtifact } from "@/lib/artifacts/store";
import { AuditWriter } from "@/lib/audit/writer";
import type { Catalog } from "@/lib/catalog/types";
import { Scheduler, type ScheduleTargets, type SchedulesConfig } from "@/lib/schedules/scheduler";
import { scheduleSchema, schedulesSettingsSchema, type ScheduleConfig } from "@/lib/schedules/schemas";
import { advance, claim, loadStates, type Claim } from "@/lib/schedules/store";
import { createScheduleTargets } from "@/lib/schedules/targets";
import { catalogOf } from "../support/actions";
import { testGateway } from "../support/docker";
import { scratchPglite, scratchPostgres, type ScratchDb } from "../support/scratch-db";

/**
 * Schedules on a real Postgres server, running a real pg_dump through the real action service:
 * on time through a DST change (the clock is moved to just before one, time runs for real), the
 * schedule's `keep` leaves exactly N files, and occurrences missed while no console ran are
 * reported (and caught up once when the schedule says so).
 */

const S = 1000;
const TSX = path.resolve(__dirname, "../../node_modules/tsx/dist/cli.mjs");

describe("schedules", () => {
  let scratch: ScratchDb;
  let folder: string;
  let dataDir: string;
  let writer: AuditWriter;
  let actions: ActionService;
  let catalog: Catalog;
  const schedulers: Scheduler[] = [];

  beforeAll(async () => {
    scratch = await scratchPostgres("opsdeck_sched");
    folder = await mkdtemp(path.join(os.tmpdir(), "opsdeck-sched-backups-"));
    dataDir = await mkdtemp(path.join(os.tmpdir(), "opsdeck-sched-data-"));
    const db = async () => scratch.db;
    catalog = catalogOf([
      {
        id: "db",
        name: "db",
        kind: "external",
        actions: [
          declaredActionSchema.parse({
            kind: "postgres.backup",
            id: "backup",
            url: scratch.url!,
            destination: { folder },
          }),
          declaredActionSchema.parse({
            kind: "postgres.query",
            id: "quick",
            url: scratch.url!,
            query: "select 1 as one",
          }),
        ],
      },
    ]);
    writer = new AuditWriter({
      db,
      journalFile: path.join(dataDir, "journal.jsonl"),
      dbTimeoutMs: 3000,
      drainIntervalMs: 200,
    });
    actions = new ActionService({
      catalog: () => catalog,
      deps: () => ({ docker: testGateway(), dataDir, env: { ...process.env } }),
      audit: writer,
      locks: new ActionLocks({ db }),
      runs: new RunRegistry(db, () => 256 * 1024),
      onFinished: async (run) => void (await recordRunArtifact(scratch.db, run)),
    });
  });

  afterAll(async () => {
    for (const s of schedulers) s.stop();
    writer?.close();
    await scratch?.drop();
    await rm(folder, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  function startScheduler(schedules: ScheduleConfig[], opts: { offsetMs?: number; replica?: string } = {}) {
    const config: SchedulesConfig = {
      schedules,
      settings: schedulesSettingsSchema.parse({ missedAfter: "5s" }),
    };
    const scheduler = new Scheduler({
      db: async () => scratch.db,
      config: () => config,
      replicaId: opts.replica ?? "test:1",
      now: () => Date.now() + (opts.offsetMs ?? 0),
      targets: createScheduleTargets({
        actions: () => actions,
        playbooks: () => {
          throw new Error("no playbooks here");
        },
        db: async () => scratch.db,
        catalog: async () => catalog,
        audit: (input) => writer.append(input),
        removeDeps: () => ({
          docker: testGateway(),
          actionsDir: path.join(dataDir, "actions"),
          catalog: async () => catalog,
          actionOf: (id) =>
            scratch.db.actionRun.findUnique({ where: { id }, select: { serviceId: true, actionId: true } }),
        }),
      }),
    });
    schedulers.push(scheduler);
    scheduler.start();
    return scheduler;
  }

  const schedule = (s: Record<string, unknown>) => scheduleSchema.parse(s);

  it("runs every 10 s on time through New York's fall-back, and keeps exactly 2 dumps", async () => {
    // 18 s before 2026-11-01 02:00 EDT, when New York's clocks go back to 01:00 EST.
    const offsetMs = Date.parse("2026-11-01T05:59:42Z") - Date.now();
    const nightly = schedule({
      id: "dst-backup",
      cron: "*/10 * * * * *",
      timeZone: "America/New_York",
      action: { service: "db", action: "backup" },
      keep: 2,
    });
    const s = startScheduler([nightly], { offsetMs });
    await new Promise((r) => setTimeout(r, 40 * S));
    s.stop();
    // Let the last run finish.
    await new Promise((r) => setTimeout(r, 4 * S));

    const runs = await scratch.db.scheduleRun.findMany({
      where: { scheduleId: "dst-backup" },
      orderBy: { occurrence: "asc" },
    });
    const occurrences = runs.map((r) => r.occurrence.getTime());
    // Every 10 s in absolute time across 06:00Z, none doubled, none lost.
    expect(runs.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < occurrences.length; i++) expect(occurrences[i]! - occurrences[i - 1]!).toBe(10 * S);
    expect(occurrences).toContain(Date.parse("2026-11-01T06:00:00Z"));
    for (const r of runs) {
      expect(r.status, r.message ?? "").toBe("succeeded");
      expect(r.trigger).toBe("cron");
      // Started within a second of its time (the clock is shifted; the lag is real).
      expect(r.startedAt!.getTime() - offsetMs - (r.occurrence.getTime() - offsetMs)).toBeLessThan(S);
    }

    // keep: 2 — two dumps on disk, the rest deleted and marked so.
    const files = (await readdir(folder)).filter((f) => f.endsWith(".dump"));
    expect(files).toHaveLength(2);
    const artifacts = await scratch.db.artifact.findMany({ where: { scheduleId: "dst-backup" } });
    expect(artifacts).toHaveLength(runs.length);
    const kept = artifacts.filter((a) => !a.deletedAt);
    expect(kept.map((a) => a.name).sort()).toEqual(files.sort());
    expect(artifacts.filter((a) => a.deletedBy === "schedule dst-backup (keep 2)")).toHaveLength(
      runs.length - 2,
    );

    // Recorded like a manual run: the action run and its audit, with the schedule as the actor.
    const actionRuns = await scratch.db.actionRun.findMany({
      where: { id: { in: runs.map((r) => r.actionRunId!) } },
    });
    expect(actionRuns).toHaveLength(runs.length);
    expect(new Set(actionRuns.map((r) => r.actorName))).toEqual(new Set(["schedule dst-backup"]));
    const audited = await scratch.db.auditEvent.findMany({ where: { actorName: "schedule dst-backup" } });
    expect(audited.filter((e) => e.action === "postgres.backup" && e.outcome === "succeeded")).toHaveLength(
      runs.length,
    );
    expect(audited.filter((e) => e.action === "artifact.delete" && e.outcome === "succeeded")).toHaveLength(
      runs.length - 2,
    );
  }, 90_000);

  it("reports occurrences missed while no console ran, and catches up once when asked", async () => {
    // Each runs its own action: two schedules on one action would find it locked by the other.
    const make = (id: string, catchUp: "skip" | "once") =>
      schedule({
        id,
        cron: "*/10 * * * * *",
        action: { service: "db", action: catchUp === "once" ? "backup" : "quick" },
        catchUp,
      });
    const skip = make("missed-skip", "skip");
    const once = make("missed-once", "once");
    // A console sees the schedules first, then stops.
    const first = startScheduler([skip, once], { replica: "test:first" });
    await first.tick();
    first.stop();
    // The next console starts "five minutes later" (its clock says so).
    const later = startScheduler([skip, once], { offsetMs: 5 * 60 * S, replica: "test:later" });
    await later.tick();
    await new Promise((r) => setTimeout(r, 3 * S));
    later.stop();

    const missed = await scratch.db.scheduleRun.findFirstOrThrow({
      where: { scheduleId: "missed-skip", trigger: "missed" },
    });
    expect(missed.status).toBe("missed");
    // 300 s of a 10-second schedule, less the last 5 s (missedAfter): 29 or 30 occurrences.
    expect(missed.missedCount).toBeGreaterThanOrEqual(29);
    expect(missed.missedCount).toBeLessThanOrEqual(31);
    expect(missed.message).toMatch(/occurrences between .* were missed .*catchUp: skip, so not run/);

    const caughtUp = await scratch.db.scheduleRun.findMany({
      where: { scheduleId: "missed-once", trigger: "catch-up" },
    });
    expect(caughtUp).toHaveLength(1);
    expect(caughtUp[0]!.missedCount).toBe(missed.missedCount);
    expect(caughtUp[0]!.status, caughtUp[0]!.message ?? "").toBe("succeeded");
    // Nothing was run for the skipped one but what fell due after the restart.
    const skippedRuns = await scratch.db.scheduleRun.findMany({
      where: { scheduleId: "missed-skip", trigger: "catch-up" },
    });
    expect(skippedRuns).toHaveLength(0);
  }, 30_000);

  it("skips an occurrence while the previous run is still going (overlap: skip), and queues it (overlap: queue)", async () => {
    // A one-second schedule whose run takes longer than a second: pg_sleep through a declared query.
    for (const id of ["slow-1", "slow-2"])
      catalog.services[0]!.actions.push(
        declaredActionSchema.parse({
          kind: "postgres.query",
          id,
          url: scratch.url!,
          query: "select pg_sleep(2.5) is null as slept",
        }),
      );
    const skip = schedule({
      id: "overlap-skip",
      cron: "* * * * * *",
      action: { service: "db", action: "slow-1" },
      overlap: "skip",
    });
    const queue = schedule({
      id: "overlap-queue",
      cron: "* * * * * *",
      action: { service: "db", action: "slow-2" },
      overlap: "queue",
    });
    const s = startScheduler([skip, queue], { replica: "test:overlap" });
    await new Promise((r) => setTimeout(r, 5.5 * S));
    s.stop();
    // The runs under way finish before the database goes.
    await new Promise((r) => setTimeout(r, 3 * S));
    const skipRuns = await scratch.db.scheduleRun.findMany({
      where: { scheduleId: "overlap-skip" },
      orderBy: { occurrence: "asc" },
    });
    expect(skipRuns.filter((r) => r.status === "skipped").length).toBeGreaterThanOrEqual(2);
    expect(skipRuns.find((r) => r.status === "skipped")?.message).toMatch(/previous run was still going/);
    const queueRuns = await scratch.db.scheduleRun.findMany({ where: { scheduleId: "overlap-queue" } });
    expect(queueRuns.filter((r) => r.status === "skipped")).toHaveLength(0);
    expect(queueRuns.filter((r) => r.status === "queued").length).toBeGreaterThanOrEqual(2);
  }, 30_000);
});

describe("schedules with two console processes", () => {
  let scratch: ScratchDb;
  let receiver: Server;
  const calls: { replica: string; run: string }[] = [];

  beforeAll(async () => {
    scratch = await scratchPostgres("opsdeck_sched2");
    receiver = createServer((req, res) => {
      const url = new URL(req.url!, "http://x");
      calls.push({ replica: url.searchParams.get("replica")!, run: url.searchParams.get("run")! });
      res.end("ok");
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  });

  afterAll(async () => {
    receiver?.close();
    await scratch?.drop();
  });

  function spawnReplica(
    name: string,
    port: number,
  ): { proc: ChildProcess; out: Promise<string>; ready: Promise<void> } {
    const proc = spawn(
      process.execPath,
      [TSX, "--conditions=react-server", path.resolve(__dirname, "../support/schedule-replica.ts")],
      {
        env: {
          ...process.env,
          DATABASE_URL: scratch.url!,
          RECEIVER: `http://127.0.0.1:${port}`,
          REPLICA: name,
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let text = "";
    let markReady: () => void;
    const ready = new Promise<void>((r) => (markReady = r));
    proc.stdout!.on("data", (d) => {
      text += String(d);
      if (text.includes('"ready"')) markReady();
    });
    const out = new Promise<string>((r) => proc.on("exit", () => r(text)));
    return { proc, out, ready };
  }

  it("runs each occurrence exactly once over 50 occurrences", async () => {
    const port = (receiver.address() as AddressInfo).port;
    const a = spawnReplica("replica-a", port);
    const b = spawnReplica("replica-b", port);
    // Both are up before the counted window starts.
    await Promise.all([a.ready, b.ready]);
    await new Promise((r) => setTimeout(r, 52 * S));
    a.proc.kill("SIGTERM");
    b.proc.kill("SIGTERM");
    const stats = [
      JSON.parse((await a.out).trim().split("\n").pop()!),
      JSON.parse((await b.out).trim().split("\n").pop()!),
    ];
    await new Promise((r) => setTimeout(r, 500));

    const runs = await scratch.db.scheduleRun.findMany({
      where: { scheduleId: "shared" },
      orderBy: { occurrence: "asc" },
    });
    expect(runs.length).toBeGreaterThanOrEqual(50);
    // One row per occurrence, one second apart, none missing.
    const seconds = runs.map((r) => r.occurrence.getTime() / 1000);
    for (let i = 1; i < seconds.length; i++) expect(seconds[i]! - seconds[i - 1]!).toBe(1);
    // The receiver heard each run exactly once, from the process that claimed it.
    const finished = runs.filter((r) => r.status === "succeeded");
    expect(finished.length).toBeGreaterThanOrEqual(50);
    for (const r of finished) {
      const heard = calls.filter((c) => c.run === r.id);
      expect(heard, `occurrence ${r.occurrence.toISOString()}`).toHaveLength(1);
      expect(heard[0]!.replica).toBe(r.claimedBy);
    }
    expect(new Set(calls.map((c) => c.run)).size).toBe(calls.length);
    // Both processes ran some, both lost some claims to the other, and together they won each once.
    // (A process skips an occurrence the other has already marked handled, so `tried` < 50 is normal.)
    const detail = JSON.stringify(stats);
    expect(
      stats.map((s) => s.won > 0),
      detail,
    ).toEqual([true, true]);
    expect(stats[0].tried - stats[0].won + (stats[1].tried - stats[1].won), detail).toBeGreaterThan(0);
    expect(stats[0].won + stats[1].won, detail).toBe(runs.length);
  }, 120_000);
});

describe("schedules on the embedded database (PGlite)", () => {
  it("claims each occurrence once and moves the high-water mark only forward", async () => {
    const lite = await scratchPglite();
    try {
      const now = new Date("2026-12-07T10:00:00Z");
      const states = await loadStates(lite.db, ["a", "b"], now);
      expect([...states.keys()].sort()).toEqual(["a", "b"]);
      const claims: Claim[] = [
        { scheduleId: "a", occurrence: new Date("2026-12-07T10:00:10Z"), trigger: "cron", status: "queued" },
        {
          scheduleId: "b",
          occurrence: new Date("2026-12-07T10:00:10Z"),
          trigger: "missed",
          status: "missed",
          missedCount: 3,
          missedFrom: new Date("2026-12-07T09:59:40Z"),
          message: "3 missed",
        },
      ];
      const first = await claim(lite.db, claims, "one");
      const second = await claim(lite.db, claims, "two");
      expect(first.size).toBe(2);
      expect(second.size).toBe(0);
      const rows = await lite.db.scheduleRun.findMany({ orderBy: { scheduleId: "asc" } });
      expect(rows.map((r) => [r.scheduleId, r.claimedBy, r.missedCount])).toEqual([
        ["a", "one", 0],
        ["b", "one", 3],
      ]);
      await advance(lite.db, ["a", "b"], new Date("2026-12-07T10:05:00Z"));
      await advance(lite.db, ["a"], new Date("2026-12-07T10:01:00Z"));
      const after = await loadStates(lite.db, ["a", "b"], now);
      expect(after.get("a")!.checkedThrough.toISOString()).toBe("2026-12-07T10:05:00.000Z");
    } finally {
      await lite.drop();
    }
  });
});

describe("overlap: replace, and the cap on runs at once", () => {
  let scratch: ScratchDb;
  beforeAll(async () => {
    scratch = await scratchPostgres("opsdeck_sched3");
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  /** Work that takes `ms` unless cancelled; counts how many run at once. */
  function slowTargets(ms: number) {
    const live = new Map<string, (r: { ok: boolean; cancelled?: boolean; message?: string }) => void>();
    const stats = { running: 0, most: 0, started: 0, cancelled: 0 };
    const targets: ScheduleTargets = {
      async start(_s, _actor, runId) {
        stats.started++;
        stats.running++;
        stats.most = Math.max(stats.most, stats.running);
        const done = new Promise<{ ok: boolean; cancelled?: boolean; message?: string }>((resolve) => {
          live.set(runId, resolve);
          setTimeout(() => resolve({ ok: true }), ms);
        }).finally(() => {
          stats.running--;
          live.delete(runId);
        });
        return { actionRunId: runId, done };
      },
      async cancel(work) {
        const stop = work.actionRunId ? live.get(work.actionRunId) : undefined;
        if (!stop) return false;
        stats.cancelled++;
        stop({ ok: false, cancelled: true, message: "cancelled by the next run" });
        return true;
      },
    };
    return { targets, stats };
  }

  function run(schedules: ScheduleConfig[], targets: ScheduleTargets, maxConcurrentRuns: number) {
    const s = new Scheduler({
      db: async () => scratch.db,
      config: () => ({ schedules, settings: schedulesSettingsSchema.parse({ maxConcurrentRuns }) }),
      replicaId: "test:cap",
      targets,
    });
    s.start();
    return s;
  }

  it("replace cancels the run still going and starts the new one", async () => {
    const { targets, stats } = slowTargets(10 * S);
    const s = run(
      [
        scheduleSchema.parse({
          id: "replacing",
          cron: "*/2 * * * * *",
          playbook: { id: "x" },
          overlap: "replace",
        }),
      ],
      targets,
      5,
    );
    await new Promise((r) => setTimeout(r, 5.5 * S));
    s.stop();
    const rows = await scratch.db.scheduleRun.findMany({
      where: { scheduleId: "replacing" },
      orderBy: { occurrence: "asc" },
    });
    expect(rows.length).toBeGreaterThanOrEqual(2);
    // Every run but the last was cancelled by the next; never two at once.
    expect(rows.slice(0, -1).map((r) => r.status)).toEqual(rows.slice(0, -1).map(() => "cancelled"));
    expect(rows.at(-1)!.status).toBe("running");
    expect(stats.most).toBe(1);
    expect(stats.cancelled).toBe(rows.length - 1);
  }, 30_000);

  it("runs at most maxConcurrentRuns at once and queues the rest in order", async () => {
    const { targets, stats } = slowTargets(1.5 * S);
    const schedules = Array.from({ length: 6 }, (_, i) =>
      scheduleSchema.parse({ id: `capped-${i}`, cron: "*/5 * * * * *", playbook: { id: "x" } }),
    );
    const s = run(schedules, targets, 2);
    // The first occurrence after the start, then the three waves it takes: 2 + 2 + 2.
    await new Promise((r) => setTimeout(r, 10 * S));
    s.stop();
    await new Promise((r) => setTimeout(r, 2 * S));
    expect(stats.most).toBe(2);
    const rows = await scratch.db.scheduleRun.findMany({
      where: { scheduleId: { startsWith: "capped-" }, status: "succeeded" },
      orderBy: { startedAt: "asc" },
    });
    expect(rows.length).toBeGreaterThanOrEqual(6);
    const first = rows.slice(0, 6).map((r) => r.startedAt!.getTime() - r.occurrence.getTime());
    // Two at once: the third pair starts only after two runs of 1.5 s.
    expect(Math.max(...first)).toBeGreaterThanOrEqual(2.9 * S);
    expect(Math.min(...first)).toBeLessThan(0.5 * S);
  }, 30_000);
});
