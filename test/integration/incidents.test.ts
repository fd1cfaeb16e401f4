import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Conflict, Validation } from "@/lib/errors";
import { buildReview, reviewMarkdown } from "@/lib/incidents/review";
import { IncidentService } from "@/lib/incidents/service";
import { DEFAULT_SEVERITIES } from "@/lib/incidents/severity";
import { actorFor } from "../support/actions";
import { scratchPostgres, type ScratchDb } from "../support/scratch-db";

/**
 * Incidents on a real Postgres: the lifecycle and its clocks, roles, notes and public updates,
 * and the timeline that writes itself from what the monitor, the action runner and playbook runs
 * already store (health changes of the affected services and their dependencies, action runs,
 * playbook steps), with pins and hides that never change an entry.
 */
describe("incidents", () => {
  let scratch: ScratchDb;
  let service: IncidentService;
  const ana = actorFor("operator", "ana@test.local");
  const bo = actorFor("operator", "bo@test.local");

  beforeAll(async () => {
    scratch = await scratchPostgres("opsdeck_incidents");
    service = new IncidentService({
      db: async () => scratch.db,
      severities: () => DEFAULT_SEVERITIES,
      // checkout depends on db (as a compose depends_on would say).
      dependencies: (ids) => (ids.includes("checkout") ? ["db"] : []),
    });
  }, 60_000);
  afterAll(async () => scratch?.drop());

  it("runs an incident from declaration to resolution, and its timeline writes itself", async () => {
    const db = scratch.db;
    const before = new Date(Date.now() - 5 * 60_000);
    // What the monitor stored before anyone declared anything: the database went down first.
    await db.stateChange.createMany({
      data: [
        {
          scope: "service",
          entityId: "db",
          serviceId: "db",
          fromState: "up",
          toState: "down",
          reason: "connection refused",
          at: before,
        },
        {
          scope: "service",
          entityId: "checkout",
          serviceId: "checkout",
          fromState: "up",
          toState: "degraded",
          reason: "impacted by db",
          at: new Date(before.getTime() + 1000),
        },
        // Another service's change is not part of this incident.
        {
          scope: "service",
          entityId: "search",
          serviceId: "search",
          fromState: "up",
          toState: "down",
          reason: "x",
          at: before,
        },
      ],
    });

    const incident = await service.declare(ana, {
      title: "Checkout fails",
      severity: "P1",
      services: ["checkout"],
    });
    expect(incident).toMatchObject({
      status: "investigating",
      commander: ana.name,
      acknowledgedAt: incident.declaredAt,
    });
    expect(incident.number).toBeGreaterThan(0);

    // An action and a playbook run on the affected stack, as the runners store them.
    await db.actionRun.create({
      data: {
        id: "5b8f7c1e-0000-4000-8000-000000000001",
        serviceId: "db",
        actionId: "restart",
        kind: "container.restart",
        target: "shop-db-1",
        status: "succeeded",
        actorName: bo.name,
        startedAt: new Date(),
      },
    });
    await db.playbookRun.create({
      data: {
        id: "5b8f7c1e-0000-4000-8000-000000000002",
        playbookId: "db-down",
        title: "Database down",
        playbook: {},
        status: "running",
        state: {},
        incidentId: incident.id,
        startedById: "u",
        startedBy: bo.name,
        ownerName: bo.name,
        startedAt: new Date(),
        updatedAt: new Date(),
        events: {
          create: [
            { at: new Date(), type: "step.done", actorName: bo.name, message: `${bo.name} completed “Look”` },
          ],
        },
      },
    });

    await service.setRole(ana, incident.id, "scribe", bo.name);
    await service.setRole(ana, incident.id, "commander", bo.name);
    await expect(service.setRole(ana, incident.id, "commander", bo.name)).rejects.toBeInstanceOf(Conflict);
    await service.setStatus(bo, incident.id, "identified", "the primary ran out of disk");
    await service.record(bo, incident.id, {
      text: "We found the cause and are fixing it.",
      visibility: "public",
    });
    const earlier = new Date(Date.now() - 3 * 60_000).toISOString();
    await service.record(bo, incident.id, {
      text: "Disk alert fired (missed)",
      visibility: "internal",
      at: earlier,
    });
    await expect(
      service.record(bo, incident.id, {
        text: "from the future",
        visibility: "internal",
        at: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    ).rejects.toBeInstanceOf(Validation);
    await service.setStatus(bo, incident.id, "monitoring");
    await service.setSeverity(bo, incident.id, "P2", "only some users");
    await expect(service.setSeverity(bo, incident.id, "SEV9")).rejects.toThrow(
      "severity: expected one of P1, P2, P3, P4",
    );
    const resolved = await service.setStatus(bo, incident.id, "resolved");
    expect(resolved.resolvedAt).not.toBeNull();

    const detail = (await service.get(incident.id))!;
    expect(detail.watched).toEqual(["checkout", "db"]);
    const kinds = detail.timeline.map((e) => [e.kind, e.message.slice(0, 40)]);
    expect(kinds.map(([k]) => k)).toEqual([
      "health", // db down, before the declaration
      "health", // checkout degraded
      "event", // added after the fact, at its real time
      "declared",
      "action",
      "playbook",
      "role",
      "role",
      "status",
      "public",
      "status",
      "severity",
      "status",
    ]);
    expect(detail.timeline[0].message).toBe("db (a dependency) up → down: connection refused");
    expect(detail.timeline[2].recordedAt).toBeDefined();
    expect(detail.timeline.find((e) => e.kind === "action")?.link).toEqual({
      href: "/actions/runs/5b8f7c1e-0000-4000-8000-000000000001",
      label: "output",
    });
    expect(detail.timeline.find((e) => e.kind === "public")).toMatchObject({ public: true });
    expect(detail.timeline.filter((e) => e.public)).toHaveLength(1);
    expect(detail.durations.detectMs).toBeGreaterThanOrEqual(4 * 60_000); // the db went down 5 min before
    expect(detail.playbookRuns).toEqual([
      { id: "5b8f7c1e-0000-4000-8000-000000000002", title: "Database down", status: "running" },
    ]);
    const update = detail.targets.find((t) => t.name === "update");
    expect(update).toMatchObject({ dueAt: null }); // resolved: no more updates due

    // Curation: pin one, hide another; the entries stay, and the edits are recorded.
    const health = detail.timeline[0];
    await service.curate(ana, incident.id, health.ref, { pinned: true });
    await service.curate(ana, incident.id, detail.timeline[1].ref, { hidden: true });
    const curated = (await service.get(incident.id))!;
    expect(curated.timeline.find((e) => e.ref === health.ref)).toMatchObject({
      pinned: true,
      message: health.message,
    });
    expect(curated.timeline.find((e) => e.ref === detail.timeline[1].ref)).toMatchObject({ hidden: true });
    expect(curated.timeline.filter((e) => e.kind === "curation").map((e) => e.message)).toEqual([
      `${ana.name} pinned a timeline entry`,
      `${ana.name} hid a timeline entry`,
    ]);

    // Follow-ups are added and ticked after the resolution.
    const fix = await service.addFollowUp(bo, incident.id, {
      text: "Alert on disk at 80 %",
      owner: "platform",
    });
    await service.addFollowUp(bo, incident.id, { text: "Runbook for a full disk" });
    await service.tickFollowUp(ana, incident.id, fix, true);
    await expect(service.tickFollowUp(ana, incident.id, fix, true)).rejects.toBeInstanceOf(Conflict);
    const withFollowUps = (await service.get(incident.id))!;
    expect(withFollowUps.followUps.map((f) => [f.text, f.doneBy])).toEqual([
      ["Alert on disk at 80 %", ana.name],
      ["Runbook for a full disk", null],
    ]);
    expect(withFollowUps.timeline.filter((e) => e.kind === "follow-up").map((e) => e.message)).toEqual([
      `${bo.name} added a follow-up: Alert on disk at 80 % (platform)`,
      `${bo.name} added a follow-up: Runbook for a full disk`,
      `${ana.name} ticked the follow-up: Alert on disk at 80 %`,
    ]);

    // The review leaves hidden entries and edits out, and marks pinned ones.
    const md = reviewMarkdown(
      buildReview(withFollowUps, new Map([["5b8f7c1e-0000-4000-8000-000000000001", [41, 42]]])),
    );
    expect(md).toContain(`# Incident #${incident.number}: Checkout fails`);
    expect(md).toContain("**[pinned]** (health, opsdeck) db (a dependency) up → down: connection refused");
    expect(md).not.toContain("checkout up → degraded");
    expect(md).not.toContain("pinned a timeline entry");
    expect(md).toContain("(run 5b8f7c1e-0000-4000-8000-000000000001, audit #41, #42)");
    expect(md).toContain("- Database down (running, run 5b8f7c1e-0000-4000-8000-000000000002)");
    expect(md).toMatch(/\| time to detect \| \d+ min \|/);
    expect(md).toMatch(/- \[x\] Alert on disk at 80 % \(platform\) \(done by ana@test.local at /);
    expect(md).toContain("- [ ] Runbook for a full disk\n");
  }, 60_000);

  it("applies concurrent changes one after the other, each on the state the other left", async () => {
    const incident = await service.declare(ana, {
      title: "Slow search",
      severity: "P3",
      services: ["search"],
    });
    const results = await Promise.allSettled([
      service.setRole(ana, incident.id, "responder", "c1@test.local"),
      service.setRole(bo, incident.id, "responder", "c2@test.local"),
      service.setStatus(ana, incident.id, "identified"),
      service.setStatus(bo, incident.id, "identified"),
    ]);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1); // the second "identified"
    const row = (await service.find(incident.id))!;
    expect(row.responders.sort()).toEqual(["c1@test.local", "c2@test.local"]);
    expect(row.status).toBe("identified");
  }, 30_000);

  it("lists with filters and counts", async () => {
    const open = await service.list({ open: true });
    expect(open.incidents.every((i) => i.status !== "resolved")).toBe(true);
    const p2 = await service.list({ severity: "P2" });
    expect(p2.incidents.map((i) => i.title)).toEqual(["Checkout fails"]);
    expect(p2.stats).toMatchObject({ total: 1, open: 0, bySeverity: { P2: 1 } });
    expect(p2.stats.medianResolveMs).toBeGreaterThanOrEqual(0);
    const bySearch = await service.list({ service: "search" });
    expect(bySearch.incidents.map((i) => i.title)).toEqual(["Slow search"]);
  });

  it("reminds the commander of an update that is due, and whoever the severity names once it is missed", async () => {
    // A severity whose update is due 300 ms after the last one, and that names an escalation role.
    const quick = new IncidentService({
      db: async () => scratch.db,
      severities: () => [{ ...DEFAULT_SEVERITIES[0], id: "Q1", updateEvery: 300, escalateTo: "admin" }],
      dependencies: () => [],
    });
    const incident = await quick.declare(ana, { title: "Quick clocks", severity: "Q1", services: [] });
    const mine = async (who: { email: string; role: string }) =>
      (await quick.reminders(who)).filter((r) => r.incidentId === incident.id);
    // Due within five minutes: the commander is reminded at once; the escalation only once missed.
    expect(await mine({ email: ana.name, role: "operator" })).toEqual([
      expect.objectContaining({ target: "update", as: "commander", number: incident.number }),
    ]);
    expect(await mine({ email: "root@test.local", role: "admin" })).toEqual([]);
    await new Promise((r) => setTimeout(r, 400));
    expect(await mine({ email: "root@test.local", role: "admin" })).toEqual([
      expect.objectContaining({ target: "update", overdue: true, as: "escalation" }),
    ]);
    expect(await mine({ email: bo.name, role: "operator" })).toEqual([]);
    // Resolved: nothing more to remind anyone of.
    await quick.setStatus(ana, incident.id, "resolved", "done");
    expect(await mine({ email: ana.name, role: "operator" })).toEqual([]);
    expect(await mine({ email: "root@test.local", role: "admin" })).toEqual([]);
  });
});
