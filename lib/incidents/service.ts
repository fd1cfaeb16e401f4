import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/audit/schemas";
import { Conflict, NotFound, Validation } from "@/lib/errors";
import type { Db } from "@/lib/infra/db";
import { durations, milestones, targets, type IncidentStatus } from "./model";
import { dates, toRow } from "./rows";
import { remindersFor, type Reminder } from "./reminders";
import type { PublicImpact, Severity } from "./severity";
import { incidentStats } from "./stats";
import type { EntryKind, IncidentDetail, IncidentRow, TimelineEntry } from "./types";

export { incidentStats } from "./stats";
export type { EntryKind, FollowUp, IncidentDetail, IncidentRow, TimelineEntry } from "./types";

/**
 * Incidents in the database. The timeline writes itself: besides what people record (notes,
 * public updates, status, severity and role changes), it is read from what Opsdeck already
 * stores: health changes of the affected services and of what they depend on (StateChange),
 * actions run on them (ActionRun, linking their output) and the steps of playbook runs started
 * for the incident. Read at request time, so nothing is copied, lost on a restart or doubled by
 * a second replica. Pins and hides are kept beside the entries; the entries never change.
 */

export interface IncidentDeps {
  db: () => Promise<Db>;
  severities: () => readonly Severity[];
  /** The services `ids` depend on (directly), from the catalog's edges. */
  dependencies: (ids: readonly string[]) => string[];
  /** Told after every stored change (live pages re-read at once). */
  onChange?: (id: string) => void;
}

/** How far before the declaration health changes are shown (what led up to it). */
const LEAD_MS = 30 * 60_000;
/** Entries of each source the incident page reads (the newest); the review reads them all. */
const DEFAULT_TIMELINE = 300;

export class IncidentService {
  constructor(private readonly deps: IncidentDeps) {}

  /** The configured severities, in order. */
  severities(): readonly Severity[] {
    return this.deps.severities();
  }

  severity(id: string): Severity {
    const found = this.deps.severities().find((s) => s.id === id);
    if (!found)
      throw new Validation(
        `severity: expected one of ${this.deps
          .severities()
          .map((s) => s.id)
          .join(", ")}`,
      );
    return found;
  }

  async declare(
    actor: Actor,
    input: { title: string; severity: string; services: string[]; commander?: string; summary?: string },
  ): Promise<IncidentRow> {
    this.severity(input.severity);
    const db = await this.deps.db();
    const now = new Date();
    const commander = input.commander?.trim() || actor.name;
    const id = randomUUID();
    const services = [...new Set(input.services)];
    await db.$transaction(async (tx) => {
      await tx.incident.create({
        data: {
          id,
          title: input.title,
          severity: input.severity,
          status: "investigating",
          services,
          commander,
          commanderId: commander === actor.name ? (actor.id ?? null) : null,
          responders: [],
          summary: input.summary ?? null,
          declaredBy: actor.name,
          declaredAt: now,
          // Declared by a person: someone is on it from the first second.
          acknowledgedAt: now,
          updatedAt: now,
        },
      });
      await tx.incidentEvent.create({
        data: {
          incidentId: id,
          at: now,
          recordedAt: now,
          type: "declared",
          actorName: actor.name,
          message: `${actor.name} declared the incident (${input.severity}${services.length ? `, ${services.join(", ")}` : ""}), commander ${commander}`,
        },
      });
    });
    this.deps.onChange?.(id);
    return (await this.row(id))!;
  }

  async setStatus(actor: Actor, id: string, status: IncidentStatus, note?: string): Promise<IncidentRow> {
    return this.change(id, actor, async (row) => {
      if (row.status === status) throw new Conflict(`the incident is already ${status}`);
      const now = new Date().toISOString();
      const set = milestones(row.status, status, row, now);
      return {
        data: { status, ...dates(set) },
        event: {
          type: "status",
          message: `${actor.name} changed the status from ${row.status} to ${status}${note?.trim() ? `: ${note.trim()}` : ""}`,
          data: { from: row.status, to: status },
        },
      };
    });
  }

  async setSeverity(actor: Actor, id: string, severity: string, reason?: string): Promise<IncidentRow> {
    this.severity(severity);
    return this.change(id, actor, async (row) => {
      if (row.severity === severity) throw new Conflict(`the incident is already ${severity}`);
      return {
        data: { severity },
        event: {
          type: "severity",
          message: `${actor.name} changed the severity from ${row.severity} to ${severity}${reason?.trim() ? `: ${reason.trim()}` : ""}`,
          data: { from: row.severity, to: severity },
        },
      };
    });
  }

  /** Commander (a hand-over, recorded), scribe, or a responder added or removed. */
  async setRole(
    actor: Actor,
    id: string,
    role: "commander" | "scribe" | "responder" | "remove-responder",
    person: string,
  ): Promise<IncidentRow> {
    const who = person.trim();
    return this.change(id, actor, async (row) => {
      switch (role) {
        case "commander":
          if (row.commander === who) throw new Conflict(`${who} is already the commander`);
          return {
            data: { commander: who, commanderId: null },
            event: {
              type: "role",
              message: `${actor.name} handed command from ${row.commander} to ${who}`,
              data: { role, from: row.commander, to: who },
            },
          };
        case "scribe":
          return {
            data: { scribe: who },
            event: { type: "role", message: `${actor.name} made ${who} the scribe`, data: { role, to: who } },
          };
        case "responder":
          if (row.responders.includes(who)) throw new Conflict(`${who} is already a responder`);
          return {
            data: { responders: [...row.responders, who] },
            event: {
              type: "role",
              message: `${actor.name} added ${who} as a responder`,
              data: { role, to: who },
            },
          };
        case "remove-responder":
          if (!row.responders.includes(who)) throw new NotFound(`${who} is not a responder`);
          return {
            data: { responders: row.responders.filter((r) => r !== who) },
            event: {
              type: "role",
              message: `${actor.name} removed ${who} from the responders`,
              data: { role, to: who },
            },
          };
      }
    });
  }

  /**
   * An internal note, or a public update for the status page (which also restarts the "update
   * every" clock). `at` in the past records an event after the fact, at its real time.
   */
  async record(
    actor: Actor,
    id: string,
    input: {
      text: string;
      visibility: "internal" | "public";
      at?: string;
      /** Public updates: the public title and the components' status on the status page. */
      title?: string;
      impact?: PublicImpact;
    },
  ): Promise<IncidentRow> {
    const now = new Date();
    const at = input.at ? new Date(input.at) : now;
    if (Number.isNaN(at.getTime())) throw new Validation("at: expected a date and time");
    if (at.getTime() > now.getTime() + 60_000) throw new Validation("at: an event cannot be in the future");
    const isPublic = input.visibility === "public";
    if (isPublic && input.at) throw new Validation("at: a public update is published now, not in the past");
    return this.change(id, actor, async (row) => {
      if (at.getTime() < Date.parse(row.declaredAt) - 7 * 86_400_000)
        throw new Validation("at: more than a week before the incident was declared");
      return {
        data: isPublic ? { lastUpdateAt: now } : {},
        event: {
          type: isPublic ? "public" : input.at ? "event" : "note",
          message: input.text.trim(),
          public: isPublic,
          at,
          ...(isPublic
            ? {
                data: {
                  status: row.status,
                  ...(input.title ? { title: input.title } : {}),
                  ...(input.impact ? { impact: input.impact } : {}),
                },
              }
            : {}),
        },
      };
    });
  }

  /** A follow-up item for after the incident (it can be added and ticked after the resolution). */
  async addFollowUp(actor: Actor, id: string, input: { text: string; owner?: string }): Promise<string> {
    const followUpId = randomUUID();
    await this.change(id, actor, async () => ({
      data: {},
      event: {
        type: "follow-up",
        message: `${actor.name} added a follow-up: ${input.text.trim()}${input.owner ? ` (${input.owner})` : ""}`,
        data: { followUpId },
      },
      also: async (tx) => {
        await tx.incidentFollowUp.create({
          data: {
            id: followUpId,
            incidentId: id,
            text: input.text.trim(),
            owner: input.owner?.trim() || null,
            createdBy: actor.name,
            createdAt: new Date(),
          },
        });
      },
    }));
    return followUpId;
  }

  async tickFollowUp(actor: Actor, id: string, followUpId: string, done: boolean): Promise<void> {
    await this.change(id, actor, async () => ({
      data: {},
      event: { type: "follow-up", message: "", data: { followUpId, done } },
      also: async (tx) => {
        const item = await tx.incidentFollowUp.findFirst({ where: { id: followUpId, incidentId: id } });
        if (!item) throw new NotFound(`followUpId: this incident has no follow-up "${followUpId}"`);
        if (Boolean(item.doneAt) === done)
          throw new Conflict(`the follow-up is already ${done ? "done" : "open"}`);
        await tx.incidentFollowUp.update({
          where: { id: followUpId },
          data: done ? { doneBy: actor.name, doneAt: new Date() } : { doneBy: null, doneAt: null },
        });
        return `${actor.name} ${done ? "ticked" : "reopened"} the follow-up: ${item.text}`;
      },
    }));
  }

  /** Pins or hides a timeline entry (any source); the entry is kept as it was. */
  async curate(
    actor: Actor,
    id: string,
    ref: string,
    set: { pinned?: boolean; hidden?: boolean },
  ): Promise<void> {
    const db = await this.deps.db();
    const row = await this.row(id);
    if (!row) throw new NotFound(`no incident "${id}"`);
    const now = new Date();
    const what = [
      set.pinned === undefined ? null : set.pinned ? "pinned" : "unpinned",
      set.hidden === undefined ? null : set.hidden ? "hid" : "showed again",
    ].filter(Boolean);
    if (!what.length) throw new Validation("say whether to pin or hide the entry");
    await db.$transaction(async (tx) => {
      await tx.incidentCuration.upsert({
        where: { incidentId_ref: { incidentId: id, ref } },
        create: {
          incidentId: id,
          ref,
          pinned: set.pinned ?? false,
          hidden: set.hidden ?? false,
          updatedBy: actor.name,
          updatedAt: now,
        },
        update: { ...set, updatedBy: actor.name, updatedAt: now },
      });
      await tx.incidentEvent.create({
        data: {
          incidentId: id,
          at: now,
          recordedAt: now,
          type: "curation",
          actorName: actor.name,
          message: `${actor.name} ${what.join(" and ")} a timeline entry`,
          data: { ref, ...set },
        },
      });
    });
    this.deps.onChange?.(id);
  }

  /**
   * The incident with its timeline: the latest `limit` entries of each source (all of them with
   * `limit: "all"`, as the review reads it); `timelineTotal` says how many there are in all.
   */
  async get(id: string, opts: { limit?: number | "all" } = {}): Promise<IncidentDetail | null> {
    const row = await this.row(id);
    if (!row) return null;
    const db = await this.deps.db();
    const take = opts.limit === "all" ? undefined : (opts.limit ?? DEFAULT_TIMELINE);
    const severity = this.deps.severities().find((s) => s.id === row.severity) ?? null;
    const watched = [...new Set([...row.services, ...this.deps.dependencies(row.services)])];
    const from = new Date(Date.parse(row.declaredAt) - LEAD_MS);
    const to = row.resolvedAt ? new Date(Date.parse(row.resolvedAt) + 60_000) : new Date();
    const health = { scope: "service", entityId: { in: watched }, at: { gte: from, lte: to } };
    const actions = { serviceId: { in: watched }, startedAt: { gte: from, lte: to } };
    const [
      newestEvents,
      eventCount,
      newestChanges,
      changeCount,
      newestRuns,
      runCount,
      playbookRuns,
      curations,
      followUps,
      windowEvents,
    ] = await Promise.all([
      db.incidentEvent.findMany({ where: { incidentId: id }, orderBy: { at: "desc" }, take }),
      db.incidentEvent.count({ where: { incidentId: id } }),
      watched.length ? db.stateChange.findMany({ where: health, orderBy: { at: "desc" }, take }) : [],
      watched.length ? db.stateChange.count({ where: health }) : 0,
      watched.length ? db.actionRun.findMany({ where: actions, orderBy: { startedAt: "desc" }, take }) : [],
      watched.length ? db.actionRun.count({ where: actions }) : 0,
      db.playbookRun.findMany({
        where: { incidentId: id },
        include: { events: { orderBy: { id: "desc" }, take } },
      }),
      db.incidentCuration.findMany({ where: { incidentId: id } }),
      db.incidentFollowUp.findMany({ where: { incidentId: id }, orderBy: { createdAt: "asc" } }),
      db.maintenanceEvent.findMany({
        where: { at: { gte: from, lte: to } },
        orderBy: { at: "asc" },
        take: 500,
      }),
    ]);
    const events = newestEvents.reverse();
    const changes = newestChanges.reverse();
    const runs = newestRuns.reverse();
    for (const run of playbookRuns) run.events.reverse();
    const runEventCount = playbookRuns.length
      ? await db.playbookRunEvent.count({ where: { runId: { in: playbookRuns.map((r) => r.id) } } })
      : 0;
    const curated = new Map(curations.map((c) => [c.ref, c]));
    const windowEntries = windowEvents.filter(
      (e) => Array.isArray(e.services) && e.services.some((s) => watched.includes(String(s))),
    );
    const entry = (e: Omit<TimelineEntry, "pinned" | "hidden">): TimelineEntry => ({
      ...e,
      pinned: curated.get(e.ref)?.pinned ?? false,
      hidden: curated.get(e.ref)?.hidden ?? false,
    });
    const timeline: TimelineEntry[] = [
      ...events.map((e) =>
        entry({
          ref: `event:${e.id}`,
          at: e.at.toISOString(),
          kind: e.type as EntryKind,
          actor: e.actorName,
          message: e.message,
          public: e.public,
          ...(e.recordedAt.getTime() - e.at.getTime() > 60_000
            ? { recordedAt: e.recordedAt.toISOString() }
            : {}),
        }),
      ),
      ...changes.map((c) =>
        entry({
          ref: `state:${c.id}`,
          at: c.at.toISOString(),
          kind: "health",
          actor: "opsdeck",
          message: `${c.entityId}${row.services.includes(c.entityId) ? "" : " (a dependency)"} ${c.fromState ?? "new"} → ${c.toState}${c.reason ? `: ${c.reason}` : ""}`,
        }),
      ),
      ...runs.map((r) =>
        entry({
          ref: `action:${r.id}`,
          at: r.startedAt.toISOString(),
          kind: "action",
          actor: r.actorName,
          message: `${r.actorName} ran ${r.kind} on ${r.target}: ${r.status}${r.error ? ` (${r.error})` : ""}`,
          link: { href: `/actions/runs/${r.id}`, label: "output" },
        }),
      ),
      // Maintenance of the watched services: a window that started or ended explains a change.
      ...windowEntries.map((e) =>
        entry({
          ref: `maintenance:${e.id}`,
          at: e.at.toISOString(),
          kind: "maintenance",
          actor: "opsdeck",
          message: `maintenance ${e.type}: ${e.message}`,
          link: { href: `/maintenance/${encodeURIComponent(e.windowId)}`, label: "window" },
        }),
      ),
      ...playbookRuns.flatMap((run) =>
        run.events.map((e) =>
          entry({
            ref: `playbook:${e.id}`,
            at: e.at.toISOString(),
            kind: "playbook",
            actor: e.actorName,
            message: `${run.title}: ${e.message}`,
            link: { href: `/playbooks/runs/${run.id}`, label: "run" },
          }),
        ),
      ),
    ]
      .sort((a, b) => a.at.localeCompare(b.at) || a.ref.localeCompare(b.ref))
      .slice(take === undefined ? 0 : -take);
    const timelineTotal = eventCount + changeCount + runCount + runEventCount + windowEntries.length;
    const firstSignal = changes.find(
      (c) =>
        row.services.includes(c.entityId) &&
        c.toState !== "up" &&
        c.at.getTime() <= Date.parse(row.declaredAt),
    );
    return {
      ...row,
      followUps: followUps.map((f) => ({
        id: f.id,
        text: f.text,
        owner: f.owner,
        createdBy: f.createdBy,
        createdAt: f.createdAt.toISOString(),
        doneBy: f.doneBy,
        doneAt: f.doneAt?.toISOString() ?? null,
      })),
      severityInfo: severity,
      targets: severity ? targets(row, severity, Date.now()) : [],
      timeline,
      timelineTotal,
      playbookRuns: playbookRuns.map((r) => ({ id: r.id, title: r.title, status: r.status })),
      durations: durations(row, firstSignal?.at.toISOString() ?? null),
      watched,
    };
  }

  async list(
    filter: {
      open?: boolean;
      severity?: string;
      service?: string;
      from?: Date;
      to?: Date;
      limit?: number;
    } = {},
  ) {
    const db = await this.deps.db();
    const rows = await db.incident.findMany({
      where: {
        ...(filter.open === true
          ? { status: { not: "resolved" } }
          : filter.open === false
            ? { status: "resolved" }
            : {}),
        ...(filter.severity ? { severity: filter.severity } : {}),
        ...(filter.from || filter.to
          ? {
              declaredAt: {
                ...(filter.from ? { gte: filter.from } : {}),
                ...(filter.to ? { lte: filter.to } : {}),
              },
            }
          : {}),
      },
      orderBy: { declaredAt: "desc" },
      take: Math.min(filter.limit ?? 100, 500),
    });
    const list = rows.map(toRow).filter((r) => !filter.service || r.services.includes(filter.service));
    return { incidents: list, stats: incidentStats(list) };
  }

  /** What `person` is reminded of about open incidents now (reminders.ts). */
  async reminders(person: { email: string; role: string }): Promise<Reminder[]> {
    const db = await this.deps.db();
    const rows = await db.incident.findMany({
      where: { status: { not: "resolved" } },
      orderBy: { declaredAt: "desc" },
      take: 200,
    });
    return remindersFor(person, rows.map(toRow), this.deps.severities(), Date.now());
  }

  /** The audit record numbers of each action run, for the review ("actions taken, with their audit ids"). */
  async auditSeqs(runIds: readonly string[]): Promise<Map<string, number[]>> {
    const seqs = new Map<string, number[]>();
    if (!runIds.length) return seqs;
    const db = await this.deps.db();
    const rows = await db.auditEvent.findMany({
      where: { runId: { in: [...runIds] } },
      select: { runId: true, seq: true },
      orderBy: { seq: "asc" },
    });
    for (const a of rows) if (a.runId) seqs.set(a.runId, [...(seqs.get(a.runId) ?? []), Number(a.seq)]);
    return seqs;
  }

  /** The incident without its timeline; null when there is none. */
  async find(id: string): Promise<IncidentRow | null> {
    return this.row(id);
  }

  private async row(id: string): Promise<IncidentRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const db = await this.deps.db();
    const row = await db.incident.findUnique({ where: { id } });
    return row ? toRow(row) : null;
  }

  /** One change and its timeline event in one transaction, against the row as it is. */
  private async change(
    id: string,
    actor: Actor,
    decide: (row: IncidentRow) => Promise<{
      data: Record<string, unknown>;
      event: { type: string; message: string; data?: Record<string, unknown>; public?: boolean; at?: Date };
      /** More work in the same transaction; a string it returns becomes the event's message. */
      also?: (tx: Db) => Promise<string | void>;
    }>,
  ): Promise<IncidentRow> {
    const db = await this.deps.db();
    const now = new Date();
    await db.$transaction(async (tx) => {
      // Row lock: two changes to one incident go one after the other, each seeing the other's.
      const locked = await tx.$queryRaw<
        { id: string }[]
      >`SELECT id FROM "Incident" WHERE id = ${id} FOR UPDATE`;
      if (!locked.length) throw new NotFound(`no incident "${id}"`);
      const current = toRow((await tx.incident.findUnique({ where: { id } }))!);
      const { data, event, also } = await decide(current);
      const said = also ? await also(tx as unknown as Db) : undefined;
      if (said) event.message = said;
      await tx.incident.update({ where: { id }, data: { ...data, updatedAt: now } });
      await tx.incidentEvent.create({
        data: {
          incidentId: id,
          at: event.at ?? now,
          recordedAt: now,
          type: event.type,
          actorName: actor.name,
          message: event.message,
          data: event.data as object | undefined,
          public: event.public ?? false,
        },
      });
    });
    this.deps.onChange?.(id);
    return (await this.row(id))!;
  }
}
