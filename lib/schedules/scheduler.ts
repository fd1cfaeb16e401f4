import "server-only";
import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/audit/schemas";
import { Conflict, isAppError } from "@/lib/errors";
import type { Db } from "@/lib/infra/db";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import { planOccurrences } from "./plan";
import type { ScheduleConfig, SchedulesSettings, ScheduleTrigger } from "./schemas";
import {
  advance,
  claim,
  claimKey,
  loadStates,
  runningRun,
  sweepAbandoned,
  updateRun,
  type Claim,
} from "./store";

/** What a schedule started, and when it is over. */
export interface ScheduleWork {
  actionRunId?: string;
  playbookRunId?: string;
  done: Promise<{ ok: boolean; message?: string; cancelled?: boolean }>;
}

/** How schedules reach actions and playbooks (lib/schedules/runtime.ts wires the real ones). */
export interface ScheduleTargets {
  start(schedule: ScheduleConfig, actor: Actor, runId: string): Promise<ScheduleWork>;
  /** Stops earlier work (overlap: replace); false when this process cannot stop it. */
  cancel(
    work: { actionRunId?: string | null; playbookRunId?: string | null },
    actor: Actor,
  ): Promise<boolean>;
}

export interface SchedulesConfig {
  schedules: ScheduleConfig[];
  settings: SchedulesSettings;
}

export interface SchedulerOptions {
  db: () => Promise<Db>;
  config: () => SchedulesConfig | null;
  targets: ScheduleTargets;
  /** Names this process in the rows it claims (host:pid). */
  replicaId: string;
  now?: () => number;
  onChange?: (scheduleId: string) => void;
  /** Runs still running or queued after this long belong to a process that stopped. */
  staleAfterMs?: number;
}

/** The schedule as the actor of what it runs: a system actor with the schedule's role. */
export function scheduleActor(schedule: ScheduleConfig): Actor {
  return {
    type: "system",
    id: `schedule:${schedule.id}`,
    name: `schedule ${schedule.id}`,
    role: schedule.role,
    requestId: `schedule-${randomUUID()}`,
  };
}

interface Pending {
  id: string;
  schedule: ScheduleConfig;
  occurrence: Date;
  trigger: ScheduleTrigger;
  waitingSaid?: boolean;
  cancelAsked?: boolean;
}

const RETRY_MS = 5_000;
/** Looks again at least this often: pauses, config and other processes' runs change meanwhile. */
const LOOK_MS = 30_000;
const SWEEP_MS = 10 * 60_000;

/**
 * Runs schedules: a timer set to the next occurrence of any schedule; at each pass every due
 * occurrence is claimed in one statement (the unique row makes one process run it), then run
 * under the schedule's overlap rule and the process's cap on runs at once. Occurrences found
 * later than `missedAfter` were missed: reported once per stretch, and run once if the
 * schedule says `catchUp: once`.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private halted = false;
  private ticking: Promise<void> | null = null;
  private again = false;
  private lastSweep = 0;
  private readonly through = new Map<string, number>();
  private readonly running = new Map<string, { scheduleId: string; work?: ScheduleWork }>();
  private waiting: Pending[] = [];
  private pumping: Promise<void> = Promise.resolve();
  /** Occurrences this process tried to claim, and those it won (the rest another process won). */
  readonly claims = { tried: 0, won: 0 };

  constructor(private readonly o: SchedulerOptions) {}

  private now() {
    return this.o.now?.() ?? Date.now();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.halted = false;
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    this.halted = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Look now (the configuration changed, a schedule was resumed). Resolves when the pass is done. */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.ticking) {
      this.again = true;
      return this.ticking;
    }
    this.ticking = this.pass().finally(() => {
      this.ticking = null;
      if (this.again) {
        this.again = false;
        void this.tick();
      }
    });
    return this.ticking;
  }

  /** Runs in flight on this process, and claimed runs waiting here. */
  load(): { running: number; waiting: number } {
    return { running: this.running.size, waiting: this.waiting.length };
  }

  /** "Run now": a manual occurrence, under the same rules; refused while a run is going. */
  async runNow(schedule: ScheduleConfig, by: Actor): Promise<string> {
    const db = await this.o.db();
    const going =
      [...this.running.values()].some((r) => r.scheduleId === schedule.id) ||
      this.waiting.some((p) => p.schedule.id === schedule.id) ||
      (await runningRun(db, schedule.id, ""));
    if (going) throw new Conflict(`schedule ${schedule.id} has a run going; wait for it to finish`);
    const occurrence = new Date(this.now());
    const c: Claim = {
      scheduleId: schedule.id,
      occurrence,
      trigger: "manual",
      status: "queued",
      requestedBy: by.name,
    };
    const won = await claim(db, [c], this.o.replicaId);
    const id = won.get(claimKey(c.scheduleId, c.occurrence, c.trigger));
    if (!id) throw new Conflict(`schedule ${schedule.id} was just started by someone else`);
    this.waiting.push({ id, schedule, occurrence, trigger: "manual" });
    this.o.onChange?.(schedule.id);
    void this.pump();
    return id;
  }

  private async pass(): Promise<void> {
    let next: number | null;
    try {
      const config = this.o.config();
      next = config ? await this.handle(config, this.now()) : null;
    } catch (error) {
      log.warn("schedules: a pass failed; trying again shortly", { error: shortErrorMessage(error) });
      next = this.now() + RETRY_MS;
    }
    this.arm(next);
  }

  private arm(next: number | null) {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const now = this.now();
    const at = Math.min(next ?? Infinity, now + LOOK_MS);
    this.timer = setTimeout(() => void this.tick(), Math.max(0, at - now));
    this.timer.unref?.();
  }

  /** One pass: claims what is due, reports what was missed; returns when to look next. */
  private async handle(config: SchedulesConfig, now: number): Promise<number | null> {
    const db = await this.o.db();
    if (now - this.lastSweep > SWEEP_MS) {
      this.lastSweep = now;
      const swept = await sweepAbandoned(db, new Date(now - (this.o.staleAfterMs ?? 6 * 3600_000)));
      if (swept) log.warn("schedules: runs left by a stopped console process marked failed", { runs: swept });
    }
    const schedules = config.schedules.filter((s) => s.enabled);
    const ids = schedules.map((s) => s.id);
    const states = await loadStates(db, ids, new Date(now));
    const claims: Claim[] = [];
    let next: number | null = null;
    // Schedules sharing a cron, time zone and mark (a fleet of nightly jobs) are planned once.
    const plans = new Map<string, ReturnType<typeof planOccurrences>>();
    for (const s of schedules) {
      const state = states.get(s.id);
      const through = Math.max(this.through.get(s.id) ?? 0, state?.checkedThrough.getTime() ?? now);
      const timeZone = s.timeZone ?? config.settings.timeZone;
      const key = `${s.cron}\u0000${timeZone}\u0000${through}`;
      let plan = plans.get(key);
      if (!plan) {
        plan = planOccurrences({
          cron: s.cron,
          timeZone,
          through,
          now,
          missedAfterMs: config.settings.missedAfter,
        });
        plans.set(key, plan);
      }
      if (plan.next) next = Math.min(next ?? Infinity, plan.next.getTime());
      if (state?.paused) continue;
      if (plan.missed) claims.push(missedClaim(s, plan.missed));
      for (const occurrence of plan.due)
        claims.push({ scheduleId: s.id, occurrence, trigger: "cron", status: "queued" });
    }
    const won = await claim(db, claims, this.o.replicaId);
    this.claims.tried += claims.length;
    this.claims.won += won.size;
    const byId = new Map(schedules.map((s) => [s.id, s]));
    for (const c of claims) {
      const id = won.get(claimKey(c.scheduleId, c.occurrence, c.trigger));
      if (!id) continue;
      if (c.status === "missed")
        log.warn("schedule missed occurrences", { schedule: c.scheduleId, count: c.missedCount });
      else
        this.waiting.push({
          id,
          schedule: byId.get(c.scheduleId)!,
          occurrence: c.occurrence,
          trigger: c.trigger,
        });
      this.o.onChange?.(c.scheduleId);
    }
    // What was won starts before the bookkeeping below.
    const started = this.pump();
    await advance(db, ids, new Date(now));
    // Only once claimed and recorded: a pass that failed leaves its occurrences to the next one.
    for (const id of ids) this.through.set(id, now);
    await started;
    return next;
  }

  /** Starts what may start; one pass at a time, so nothing waiting is started twice. */
  private pump(): Promise<void> {
    this.pumping = this.pumping
      .then(() => this.pumpOnce())
      .catch((error) =>
        log.warn("schedules: could not start waiting runs", { error: shortErrorMessage(error) }),
      );
    return this.pumping;
  }

  /** Oldest first, one run per schedule at a time, at most the cap at once. */
  private async pumpOnce(): Promise<void> {
    // A stopped scheduler (the process is going down) starts nothing new; what waits is swept later.
    // (One never started, on a web replica, still runs what "run now" hands it.)
    if (this.halted || !this.waiting.length) return;
    const config = this.o.config();
    const cap = config?.settings.maxConcurrentRuns ?? 20;
    const db = await this.o.db();
    const elsewhere = new Map(
      (
        await db.scheduleRun.findMany({
          where: {
            scheduleId: { in: [...new Set(this.waiting.map((p) => p.schedule.id))] },
            status: "running",
          },
          select: { id: true, scheduleId: true, occurrence: true, actionRunId: true, playbookRunId: true },
        })
      )
        .filter((r) => !this.running.has(r.id))
        .map((r) => [r.scheduleId, r]),
    );
    const busy = new Set([...this.running.values()].map((r) => r.scheduleId));
    const still: Pending[] = [];
    for (const p of this.waiting) {
      const previous = busy.has(p.schedule.id) || elsewhere.has(p.schedule.id);
      if (previous && p.trigger !== "manual") {
        const policy = p.schedule.overlap;
        if (policy === "skip") {
          await this.finish(p, "skipped", "skipped: the previous run was still going (overlap: skip)");
          continue;
        }
        if (policy === "replace" && !p.cancelAsked) {
          p.cancelAsked = true;
          const cancelled = await this.cancelPrevious(p, elsewhere.get(p.schedule.id));
          if (!cancelled) {
            await this.finish(
              p,
              "skipped",
              "skipped: the previous run could not be cancelled from this console process (overlap: replace)",
            );
            continue;
          }
        }
        still.push(p);
        continue;
      }
      if (previous || busy.has(p.schedule.id) || this.running.size >= cap) {
        if (this.running.size >= cap && !p.waitingSaid) {
          p.waitingSaid = true;
          await updateRun(db, p.id, { message: `waiting for a free slot (${cap} scheduled runs at once)` });
        }
        still.push(p);
        continue;
      }
      busy.add(p.schedule.id);
      this.running.set(p.id, { scheduleId: p.schedule.id });
      void this.run(p);
    }
    this.waiting = still;
  }

  private async cancelPrevious(
    p: Pending,
    remote: { actionRunId: string | null; playbookRunId: string | null } | undefined,
  ): Promise<boolean> {
    const local = [...this.running.values()].find((r) => r.scheduleId === p.schedule.id);
    const work = local?.work ?? remote;
    if (!work) return false;
    return this.o.targets.cancel(work, scheduleActor(p.schedule)).catch(() => false);
  }

  private async run(p: Pending): Promise<void> {
    const db = await this.o.db();
    const entry = this.running.get(p.id)!;
    let status: "succeeded" | "failed" | "cancelled" = "failed";
    let message: string | null = null;
    try {
      await updateRun(db, p.id, { status: "running", startedAt: new Date(this.now()), message: null });
      const work = await this.o.targets.start(p.schedule, scheduleActor(p.schedule), p.id);
      entry.work = work;
      await updateRun(db, p.id, {
        ...(work.actionRunId ? { actionRunId: work.actionRunId } : {}),
        ...(work.playbookRunId ? { playbookRunId: work.playbookRunId } : {}),
      });
      this.o.onChange?.(p.schedule.id);
      const result = await work.done;
      status = result.cancelled ? "cancelled" : result.ok ? "succeeded" : "failed";
      message = result.message ?? null;
    } catch (error) {
      message = isAppError(error) ? error.message : shortErrorMessage(error);
      if (!isAppError(error)) log.warn("scheduled run failed", { schedule: p.schedule.id, error: message });
    } finally {
      this.running.delete(p.id);
    }
    await updateRun(db, p.id, { status, finishedAt: new Date(), message }).catch((error) =>
      log.warn("a scheduled run's outcome could not be saved", {
        schedule: p.schedule.id,
        error: shortErrorMessage(error),
      }),
    );
    this.o.onChange?.(p.schedule.id);
    void this.pump();
  }

  private async finish(p: Pending, status: "skipped" | "cancelled", message: string) {
    const db = await this.o.db();
    await updateRun(db, p.id, { status, finishedAt: new Date(), message });
    this.o.onChange?.(p.schedule.id);
  }
}

function missedClaim(s: ScheduleConfig, missed: { count: number; first: Date; last: Date }): Claim {
  const span =
    missed.count === 1
      ? `the occurrence of ${missed.first.toISOString()} was missed`
      : `${missed.count} occurrences between ${missed.first.toISOString()} and ${missed.last.toISOString()} were missed`;
  const why = "(no console process was running, or none could reach the database)";
  return {
    scheduleId: s.id,
    occurrence: missed.last,
    trigger: s.catchUp === "once" ? "catch-up" : "missed",
    status: s.catchUp === "once" ? "queued" : "missed",
    missedCount: missed.count,
    missedFrom: missed.first,
    message:
      s.catchUp === "once"
        ? `${span} ${why}; running once to catch up`
        : `${span} ${why}; catchUp: skip, so not run`,
  };
}
