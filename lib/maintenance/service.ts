import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/audit/schemas";
import { didYouMean } from "@/lib/catalog/did-you-mean";
import { Conflict, NotFound, Validation } from "@/lib/errors";
import type { Db } from "@/lib/infra/db";
import { CronError, parseCron } from "@/lib/schedules/cron";
import { isTimeZone } from "@/lib/schedules/zone";
import { isActive, occurrencesBetween } from "./occurrences";
import { fromRow } from "./rows";
import type { CreateWindowInput, EditWindowInput } from "./schemas";
import type { ScopedService } from "./scope";
import type { WindowDef } from "./types";

/**
 * Windows created in the console, in the database. Each change is one row update; the verbs
 * around these methods decide the permission and audit the attempt and its outcome. After a
 * change, `onChange` tells the monitor (on every replica, through the bus) to load the windows
 * again, so a window ended here ends on the map at once.
 */

export interface MaintenanceDeps {
  db: () => Promise<Db>;
  /** The services and stacks a scope may name (the monitor's catalog). */
  targets: () => Promise<{ services: readonly ScopedService[]; stacks: readonly string[] } | null>;
  /** Whether a playbook of that id is in effect. */
  playbookExists: (id: string) => Promise<boolean>;
  onChange?: (windowId: string) => void;
  now?: () => number;
}

/** A start this far in the past still counts as "now" (a form filled in slowly, clocks apart). */
const START_SLACK_MS = 5 * 60_000;

export class MaintenanceService {
  constructor(private readonly deps: MaintenanceDeps) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** Every console window not cancelled, or cancelled or over within `keepMs`. */
  async windows(keepMs = 30 * 86_400_000): Promise<WindowDef[]> {
    const db = await this.deps.db();
    const since = new Date(this.now() - keepMs);
    const rows = await db.maintenanceWindow.findMany({
      where: {
        AND: [
          { OR: [{ cancelledAt: null }, { cancelledAt: { gte: since } }] },
          { OR: [{ kind: "recurring" }, { endsAt: null }, { endsAt: { gte: since } }] },
          { OR: [{ kind: "recurring" }, { endedAt: null }, { endedAt: { gte: since } }] },
        ],
      },
      orderBy: { startsAt: "asc" },
      take: 1000,
    });
    return rows.map(fromRow);
  }

  async create(actor: Actor, input: CreateWindowInput): Promise<WindowDef> {
    const now = this.now();
    const start = input.recurring ? now : input.start ? Date.parse(input.start) : now;
    if (start < now - START_SLACK_MS) throw new Validation("start: the start is in the past");
    const end = input.end
      ? Date.parse(input.end)
      : input.duration !== undefined
        ? start + input.duration
        : null;
    if (end !== null && end <= start) throw new Validation("end: the end is not after the start");
    if (input.recurring) checkRecurring(input.recurring);
    await this.checkScope(input);
    if (input.playbook) await this.checkPlaybook(input.playbook);
    const id = randomUUID();
    const db = await this.deps.db();
    const row = await db.maintenanceWindow.create({
      data: {
        id,
        title: input.title,
        description: input.description || null,
        notes: input.notes || null,
        services: [...new Set(input.services)],
        stacks: [...new Set(input.stacks)],
        tags: [...new Set(input.tags)],
        owner: input.owner || actor.name,
        kind: input.recurring ? "recurring" : "once",
        startsAt: new Date(start),
        endsAt: end === null ? null : new Date(end),
        cron: input.recurring?.cron ?? null,
        durationMs: input.recurring?.duration ?? null,
        timeZone: input.recurring?.timeZone ?? null,
        playbookId: input.playbook ?? null,
        announceMs: input.announce ?? null,
        createdBy: actor.name,
        createdAt: new Date(now),
        updatedAt: new Date(now),
      },
    });
    this.deps.onChange?.(id);
    return fromRow(row);
  }

  /** Ends the occurrence running now; the window's services return to their real state at once. */
  async end(actor: Actor, windowId: string): Promise<WindowDef> {
    const now = this.now();
    const def = await this.get(windowId);
    const running = occurrencesBetween(def, now, now).some((o) => isActive(o, now));
    if (!running) throw new Conflict("the window is not in progress (a future one is cancelled instead)");
    return this.update(windowId, { endedAt: new Date(now), endedBy: actor.name, updatedAt: new Date(now) });
  }

  /** Cancels a window that has not started (a recurring one: every occurrence from now on). */
  async cancel(actor: Actor, windowId: string): Promise<WindowDef> {
    const now = this.now();
    const def = await this.get(windowId);
    if (def.cancelledAt !== null) throw new Conflict("the window is already cancelled");
    if (def.timing.kind === "once") {
      if (def.timing.start <= now) {
        const over = def.endedAt !== null || (def.timing.end !== null && def.timing.end <= now);
        throw new Conflict(over ? "the window is over" : "the window has started: end it instead");
      }
    }
    return this.update(windowId, {
      cancelledAt: new Date(now),
      cancelledBy: actor.name,
      updatedAt: new Date(now),
    });
  }

  /** Changes what is given. A started window keeps its start; an over or cancelled one is not changed. */
  async edit(actor: Actor, input: EditWindowInput): Promise<WindowDef> {
    const now = this.now();
    const def = await this.get(input.windowId);
    if (def.cancelledAt !== null) throw new Conflict("the window is cancelled");
    const once = def.timing.kind === "once" ? def.timing : null;
    if (once && (def.endedAt !== null || (once.end !== null && once.end <= now)))
      throw new Conflict("the window is over");
    const start = input.start !== undefined ? Date.parse(input.start) : once?.start;
    if (input.start !== undefined) {
      if (!once) throw new Validation("start: a recurring window starts by its cron expression");
      if (once.start <= now) throw new Validation("start: the window has started");
      if (start! < now - START_SLACK_MS) throw new Validation("start: the start is in the past");
    }
    const end = input.end === undefined ? once?.end : input.end === null ? null : Date.parse(input.end);
    if (once && end !== null && end !== undefined) {
      if (end <= start!) throw new Validation("end: the end is not after the start");
      if (end <= now) throw new Validation("end: the end is in the past (end the window instead)");
    }
    if (input.end !== undefined && !once) throw new Validation("end: a recurring window has its duration");
    const scope = {
      services: input.services ?? [...def.scope.services],
      stacks: input.stacks ?? [...def.scope.stacks],
      tags: input.tags ?? [...def.scope.tags],
    };
    if (scope.services.length + scope.stacks.length + scope.tags.length === 0)
      throw new Validation("services: name at least one service, stack or tag");
    await this.checkScope(scope);
    if (input.playbook) await this.checkPlaybook(input.playbook);
    return this.update(input.windowId, {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.description !== undefined ? { description: input.description || null } : {}),
      ...(input.notes !== undefined ? { notes: input.notes || null } : {}),
      ...(input.owner !== undefined ? { owner: input.owner || actor.name } : {}),
      ...(input.playbook !== undefined ? { playbookId: input.playbook } : {}),
      ...(once && start !== undefined ? { startsAt: new Date(start) } : {}),
      ...(once && end !== undefined ? { endsAt: end === null ? null : new Date(end) } : {}),
      services: scope.services,
      stacks: scope.stacks,
      tags: scope.tags,
      updatedAt: new Date(now),
    });
  }

  async get(windowId: string): Promise<WindowDef> {
    const db = await this.deps.db();
    const row = await db.maintenanceWindow.findUnique({ where: { id: windowId } });
    if (!row) throw new NotFound(`no maintenance window ${windowId}`);
    return fromRow(row);
  }

  private async update(windowId: string, data: Record<string, unknown>): Promise<WindowDef> {
    const db = await this.deps.db();
    const row = await db.maintenanceWindow.update({ where: { id: windowId }, data });
    this.deps.onChange?.(windowId);
    return fromRow(row);
  }

  private async checkScope(scope: { services: string[]; stacks: string[] }): Promise<void> {
    const targets = await this.deps.targets();
    if (!targets) return; // no catalog yet (the monitor is starting): names are taken as given
    const serviceIds = targets.services.map((s) => s.id);
    for (const id of scope.services)
      if (!serviceIds.includes(id))
        throw new Validation(`services: unknown service "${id}"${didYouMean(id, serviceIds)}`);
    for (const id of scope.stacks)
      if (!targets.stacks.includes(id))
        throw new Validation(`stacks: unknown stack "${id}"${didYouMean(id, [...targets.stacks])}`);
  }

  private async checkPlaybook(id: string): Promise<void> {
    if (!(await this.deps.playbookExists(id))) throw new Validation(`playbook: no playbook "${id}"`);
  }
}

function checkRecurring(r: { cron: string; timeZone: string }): void {
  if (!isTimeZone(r.timeZone))
    throw new Validation(
      `recurring.timeZone: unknown time zone "${r.timeZone}" (expected e.g. Europe/Berlin)`,
    );
  try {
    parseCron(r.cron);
  } catch (error) {
    if (!(error instanceof CronError)) throw error;
    throw new Validation(`recurring.cron: invalid cron expression: ${error.message}`);
  }
}
