import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditInput } from "@/lib/audit/schemas";
import { IncidentService } from "@/lib/incidents/service";
import { DEFAULT_SEVERITIES } from "@/lib/incidents/severity";
import { incidentSuggestions } from "@/lib/incidents/suggestions";
import { createWindowSchema } from "@/lib/maintenance/schemas";
import { maintenanceLookup } from "@/lib/maintenance/scope";
import { MaintenanceService } from "@/lib/maintenance/service";
import { MaintenanceWatcher, windowActor } from "@/lib/maintenance/watcher";
import { serviceStateChanges } from "@/lib/monitor/history-sql";
import { timelineSegments, uptimeOf } from "@/lib/monitor/history";
import { parsePlaybook } from "@/lib/playbooks/load-playbook";
import { PlaybookRunner } from "@/lib/playbooks/runner";
import { actorFor } from "../support/actions";
import { waitFor } from "../support/docker";
import { config, startEngine, type EngineHarness } from "../support/engine";
import { replicaDown, replicaUp, setMode, type Replica } from "../support/replicas";
import { scratchPostgres, type ScratchDb } from "../support/scratch-db";

/**
 * Maintenance windows with the real monitor engine, the DSPy replica stack and Postgres: a service
 * failing inside a window shows `maintenance` and offers no incident; the window ends on time by
 * the engine's own timer and the service shows its real state at once, with an incident
 * suggestion; uptime leaves the window out. Two console processes (two engines, two watchers, one
 * database) write each window event, and start a window's playbook, exactly once.
 */

const STACK = "dspy-prompt-improver";
const ana = actorFor("operator", "ana@test.local");
const PLAYBOOK = `version: 1
id: model-update
title: Update the Ollama model
steps:
  - id: list
    kind: checklist
    title: Before
    items:
      - { id: pull, text: Pull the new model }
      - { id: check, text: Check /api/tags lists it }
`;

let replica: Replica;
let shared: ScratchDb;
let second: ScratchDb;
let h1: EngineHarness;
let h2: EngineHarness;
const watchers: MaintenanceWatcher[] = [];
const audits: AuditInput[] = [];
let service: MaintenanceService;
let configWindow: { start: number; end: number };

function yaml(env: Record<string, string>) {
  const start = Date.now() + 12_000;
  configWindow = { start, end: start + 3_000 };
  return `
version: 1
settings:
  defaultInterval: 1s
  defaultTimeout: 1s
  failuresBeforeDown: 1
  discoverContainers: false
  maintenance: { announceBefore: 2s }
stacks:
  - id: dspy
services:
  - id: backend
    name: FastAPI backend
    stack: dspy
    checks:
      - { id: health, kind: http, url: "${env.DSPY_BACKEND_URL}/health", expect: ["status == 200"] }
  - id: ollama
    stack: dspy
    tags: [llm]
    checks:
      # Polled once a minute: only the engine's timer can move it in and out of the window on time.
      - { id: tags, kind: http, interval: 60s, url: "${env.OLLAMA_URL}/api/tags", expect: ["status == 200"] }
maintenance:
  - id: model-update
    title: Ollama model update
    description: Prompt improvement may fall back to Anthropic.
    notes: pull llama3 first
    tags: [llm]
    start: "${new Date(configWindow.start).toISOString()}"
    duration: 3s
    playbook: model-update
`;
}

beforeAll(async () => {
  [replica, shared, second] = await Promise.all([
    replicaUp(STACK),
    scratchPostgres("opsdeck_maint"),
    scratchPostgres("opsdeck_maint2"),
  ]);
  const cfg = config(yaml(replica.env));
  const parsed = parsePlaybook(PLAYBOOK, "model-update.yml");
  if (!parsed.ok) throw new Error("the test playbook does not load");
  // Each "process" has its engine (the second one writing its results elsewhere, as a standby
  // would not write them at all), its watcher and its playbook runner, over one shared database.
  h1 = startEngine({ config: cfg, getDb: async () => shared.db });
  h2 = startEngine({ config: cfg, getDb: async () => second.db });
  for (const h of [h1, h2]) {
    const runner = new PlaybookRunner({
      db: async () => shared.db,
      playbook: async (id) => (id === "model-update" ? { playbook: parsed.value, problems: [] } : null),
      runCheck: async () => ({ ok: true, reason: "not used" }),
      startAction: async () => {
        throw new Error("no action in this playbook");
      },
      watched: async () => new Map(),
      audit: async () => undefined,
    });
    watchers.push(
      new MaintenanceWatcher({
        db: async () => shared.db,
        load: () => service.windows(),
        engine: h.engine,
        announceMs: () => h.engine.currentCatalog()!.settings.maintenance.announceBefore,
        audit: async (input) => void audits.push(input),
        startPlaybook: async (o, actor, services) =>
          (await runner.start(actor, { playbookId: o.window.playbook!, service: services[0] })).runId,
      }),
    );
  }
  service = new MaintenanceService({
    db: async () => shared.db,
    targets: async () => ({
      services: h1.engine.currentCatalog()?.services ?? [],
      stacks: ["dspy"],
    }),
    playbookExists: async (id) => id === "model-update",
    // What the bus does between replicas: every process loads the windows again.
    onChange: () => watchers.forEach((w) => void w.reload()),
  });
  await Promise.all(watchers.map((w) => w.start()));
  for (const h of [h1, h2])
    for (const id of ["backend", "ollama"])
      await h.waitForService(id, (s) => s.status === "up", `${id} up`, 15_000);
}, 180_000);

afterAll(async () => {
  watchers.forEach((w) => w.stop());
  await Promise.all([h1?.stop(), h2?.stop()]);
  await replicaDown(STACK).catch(() => undefined);
  await Promise.all([shared?.drop(), second?.drop()]);
});

const suggestionsOf = (h: EngineHarness, now = Date.now()) =>
  incidentSuggestions(h.engine.snapshot().services, {
    inMaintenance: maintenanceLookup(h.engine.currentCatalog()!.services, h.engine.maintenanceWindows()),
    covered: new Set(),
    now,
  });

describe("a maintenance window on a replica service", () => {
  it("opens nothing for a failure inside it, ends on time, and then the same failure is an incident suggestion", async () => {
    const from = Date.now();
    const created = await service.create(
      ana,
      createWindowSchema.parse({
        title: "Backend upgrade",
        services: ["backend"],
        duration: "3s",
        notes: "internal",
      }),
    );
    expect(created.timing.kind === "once" && created.timing.end).toBeTruthy();
    const end = created.timing.kind === "once" ? created.timing.end! : 0;
    for (const h of [h1, h2])
      await h.waitForService("backend", (s) => s.status === "maintenance", "backend in maintenance", 2000);
    expect(h1.service("backend")?.reason).toMatch(
      /^maintenance: Backend upgrade until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/,
    );

    await setMode(STACK, "backend", "down");
    // The check sees the failure (its real state), the service still shows maintenance.
    await waitFor(
      () => h1.service("backend")?.checks.find((c) => c.id === "health" && c.status === "down"),
      "the health check down underneath",
      { timeoutMs: 2500, intervalMs: 25 },
    );
    expect(Date.now()).toBeLessThan(end);
    expect(h1.service("backend")?.status).toBe("maintenance");
    expect(suggestionsOf(h1).map((s) => s.serviceId)).not.toContain("backend");

    // Nobody looks: the engine's own timer ends the window and the real state shows at once.
    const down = await h1.waitForChange(
      (c) => c.type === "service" && c.id === "backend" && c.from === "maintenance" && c.to === "down",
      "backend down after the window",
      6000,
    );
    expect(down.receivedAt - end).toBeGreaterThanOrEqual(0);
    expect(down.receivedAt - end).toBeLessThan(500);
    expect(suggestionsOf(h1)).toEqual([
      expect.objectContaining({ serviceId: "backend", status: "down", title: "FastAPI backend is down" }),
    ]);

    await setMode(STACK, "backend", "ok");
    await h1.waitForService("backend", (s) => s.status === "up", "backend up again", 5000);
    await Promise.all([h1.writer.flush(), h2.writer.flush()]);
    // Uptime over the period: up, maintenance (3 s, failing underneath), down, up: the window is left out.
    const to = Date.now();
    await waitFor(
      async () =>
        (await serviceStateChanges(shared.db, "backend", new Date(from))).inside.length >= 3 || undefined,
      "state changes stored",
      { timeoutMs: 5000, intervalMs: 100 },
    );
    const changes = await serviceStateChanges(shared.db, "backend", new Date(from));
    const uptime = uptimeOf(timelineSegments(changes.before, changes.inside, from, to), from, to);
    expect(uptime.msByState.maintenance).toBeGreaterThan(2500);
    expect(uptime.msByState.maintenance).toBeLessThan(3500);
    const known = uptime.msByState.up + uptime.msByState.down + uptime.msByState.degraded;
    expect(uptime.percent).toBeCloseTo(((known - uptime.msByState.down) / known) * 100, 2);
    expect(known + uptime.msByState.maintenance).toBeGreaterThan(to - from - 200);
    // The check's samples: those taken inside the window are marked (so per-check uptime and the
    // roll-ups leave them out), the failure after it is not.
    const start = created.timing.kind === "once" ? created.timing.start : 0;
    const samples = await shared.db.checkSample.findMany({
      where: { serviceId: "backend", checkId: "health", at: { gte: new Date(from), lte: new Date(to) } },
    });
    const inside = (at: Date) => at.getTime() >= start && at.getTime() < end;
    const marked = samples.filter((x) => x.maintenance);
    expect(marked.some((x) => x.status === "down")).toBe(true);
    expect(marked.every((x) => x.at.getTime() >= start - 50 && x.at.getTime() <= end + 50)).toBe(true);
    expect(samples.filter((x) => inside(x.at) && x.at.getTime() < end - 50).every((x) => x.maintenance)).toBe(
      true,
    );
    const after = samples.filter((x) => x.at.getTime() > end + 50);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((x) => !x.maintenance)).toBe(true);

    // Started and ended once each, whichever process wrote them; audited once each.
    await waitFor(
      async () =>
        (await shared.db.maintenanceEvent.count({ where: { windowId: created.id } })) >= 2 ? true : undefined,
      "both events written",
      { timeoutMs: 3000, intervalMs: 50 },
    );
    const events = await shared.db.maintenanceEvent.findMany({ where: { windowId: created.id } });
    expect(events.map((e) => e.type).sort()).toEqual(["ended", "started"]);
    expect(events.find((e) => e.type === "ended")?.at.getTime()).toBe(end);
    const mine = audits.filter((a) => a.target === `maintenance:${created.id}`);
    expect(mine.map((a) => a.action).sort()).toEqual(["maintenance.ended", "maintenance.started"]);

    // An incident declared on the service afterwards shows the window in its timeline.
    const incidents = new IncidentService({
      db: async () => shared.db,
      severities: () => DEFAULT_SEVERITIES,
      dependencies: () => [],
    });
    const incident = await incidents.declare(ana, {
      title: "Backend down",
      severity: "P2",
      services: ["backend"],
    });
    const timeline = (await incidents.get(incident.id))!.timeline.filter((e) => e.kind === "maintenance");
    expect(timeline.map((e) => e.message)).toEqual([
      expect.stringMatching(/^maintenance started: "Backend upgrade" \(backend\) started, until /),
      'maintenance ended: "Backend upgrade" (backend) ended',
    ]);
  });

  it("runs a window declared in opsdeck.yml on time: announced, started with its playbook once, ended", async () => {
    const id = "config:model-update";
    const windowEvents = () =>
      shared.db.maintenanceEvent.findMany({ where: { windowId: id }, orderBy: { at: "asc" } });
    await waitFor(async () => ((await windowEvents()).length === 3 ? true : undefined), "three events", {
      timeoutMs: 25_000,
      intervalMs: 100,
    });
    const events = await windowEvents();
    expect(events.map((e) => [e.type, e.at.getTime()])).toEqual([
      ["announced", configWindow.start - 2000],
      ["started", configWindow.start],
      ["ended", configWindow.end],
    ]);
    for (const e of events) expect(e.recordedAt.getTime() - e.at.getTime()).toBeLessThan(1000);
    expect(events[0]!.services).toEqual(["ollama"]);
    expect(events[0]!.message).toMatch(/^"Ollama model update" \(ollama\) starts at/);

    // The service was in maintenance exactly over the window, on both engines, by their timers.
    for (const h of [h1, h2]) {
      const into = h.changes.find((c) => c.type === "service" && c.id === "ollama" && c.to === "maintenance");
      const out = h.changes.find(
        (c) => c.type === "service" && c.id === "ollama" && c.from === "maintenance",
      );
      expect(into!.receivedAt - configWindow.start).toBeLessThan(500);
      expect(out!.receivedAt - configWindow.end).toBeLessThan(500);
      expect(out!.to).toBe("up");
    }

    // One playbook run, started by the system named after the window.
    const runs = await shared.db.playbookRun.findMany({ where: { playbookId: "model-update" } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ startedBy: "maintenance: Ollama model update", serviceId: "ollama" });
    expect(events[1]!.playbookRunId).toBe(runs[0]!.id);
    expect(windowActor(h1.engine.maintenanceWindows().find((w) => w.id === id)!).type).toBe("system");
  });

  it("ends a window someone ends now, and cancels one that has not started", async () => {
    const open = await service.create(
      ana,
      createWindowSchema.parse({ title: "Open-ended", stacks: ["dspy"] }),
    );
    await h1.waitForService("ollama", (s) => s.status === "maintenance", "ollama in maintenance", 2000);
    expect(h1.service("ollama")?.reason).toBe("maintenance: Open-ended until ended");
    await expect(service.cancel(ana, open.id)).rejects.toThrow(/has started: end it instead/);
    await service.end(ana, open.id);
    await h1.waitForService("ollama", (s) => s.status === "up", "ollama back at once", 1000);
    await expect(service.end(ana, open.id)).rejects.toThrow(/not in progress/);

    const later = await service.create(
      ana,
      createWindowSchema.parse({
        title: "Later",
        services: ["backend"],
        start: new Date(Date.now() + 3_600_000).toISOString(),
        duration: "1h",
      }),
    );
    await service.cancel(ana, later.id);
    expect((await service.windows()).find((w) => w.id === later.id)?.cancelledAt).not.toBeNull();
    await expect(
      service.create(ana, createWindowSchema.parse({ title: "Typo", services: ["backnd"] })),
    ).rejects.toThrow(/unknown service "backnd" \(did you mean `backend`\?\)/);
  });
});
