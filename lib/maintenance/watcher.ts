import { hostname } from "node:os";
import type { Actor, AuditInput } from "@/lib/audit/schemas";
import type { Db } from "@/lib/infra/db";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import { dueEvents, nextEvent } from "./occurrences";
import { coveredServices, formatUtc, type ScopedService } from "./scope";
import type { DueEvent, Occurrence, WindowDef } from "./types";

/**
 * Keeps the monitor's console windows current and writes each window's events (about to start,
 * started, ended) when they are due, with a timer at the next one. Every console process may run
 * one: an event is a row with a unique key (window, occurrence, type), and only the process whose
 * insert lands writes its audit record and starts the window's playbook, so each happens once.
 */

export interface WatcherEngine {
  setConsoleWindows(windows: readonly WindowDef[]): void;
  maintenanceWindows(): readonly WindowDef[];
  currentCatalog(): { services: readonly ScopedService[] } | null;
}

export interface WatcherDeps {
  db: () => Promise<Db>;
  /** The console's windows, from the database. */
  load: () => Promise<WindowDef[]>;
  engine: WatcherEngine;
  /** settings.maintenance.announceBefore. */
  announceMs: () => number;
  /** Starts the window's playbook as the system (named after the window); answers the run id. */
  startPlaybook?: (occurrence: Occurrence, actor: Actor, services: string[]) => Promise<string>;
  audit?: (input: AuditInput) => Promise<unknown>;
  /** Told after an event is written (pages re-read). */
  onEvent?: (windowId: string) => void;
  /** How often windows are read again (a change made on another replica arrives through the bus first). */
  pollMs?: number;
  /** Events due this long ago are still written after a restart; older ones are let go. */
  graceMs?: number;
}

const TIMER_MAX_MS = 3_600_000;

export class MaintenanceWatcher {
  private timer?: ReturnType<typeof setTimeout>;
  private poll?: ReturnType<typeof setInterval>;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly claimedBy = `${hostname()}:${process.pid}`;

  constructor(private readonly deps: WatcherDeps) {}

  async start(): Promise<void> {
    this.poll = setInterval(() => void this.reload(), this.deps.pollMs ?? 30_000);
    this.poll.unref?.();
    await this.reload();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.poll);
  }

  /** Reads the console's windows again, hands them to the monitor and writes what is due. */
  reload(): Promise<void> {
    return this.serial(async () => {
      try {
        this.deps.engine.setConsoleWindows(await this.deps.load());
      } catch (error) {
        log.warn("maintenance windows could not be read (the last ones read stay in force)", {
          error: shortErrorMessage(error),
        });
      }
      await this.writeDue();
    });
  }

  /** Writes the events due now (each once) and arms the timer for the next. */
  tick(): Promise<void> {
    return this.serial(() => this.writeDue());
  }

  private serial(work: () => Promise<void>): Promise<void> {
    this.running = this.running
      .then(work)
      .catch((error) =>
        log.warn("maintenance events could not be written", { error: shortErrorMessage(error) }),
      );
    return this.running;
  }

  private async writeDue(): Promise<void> {
    if (this.stopped) return;
    const now = Date.now();
    const windows = this.deps.engine.maintenanceWindows();
    const announce = this.deps.announceMs();
    try {
      for (const event of dueEvents(windows, now - (this.deps.graceMs ?? 15 * 60_000), now, announce))
        await this.write(event, now);
    } finally {
      this.arm(windows, announce);
    }
  }

  private arm(windows: readonly WindowDef[], announce: number) {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const now = Date.now();
    const next = nextEvent(windows, now, announce);
    const delay = Math.min(next === null ? TIMER_MAX_MS : next - now, TIMER_MAX_MS);
    this.timer = setTimeout(() => void this.tick(), Math.max(0, delay));
    this.timer.unref?.();
  }

  private async write(event: DueEvent, now: number): Promise<void> {
    const { occurrence: o, type } = event;
    const w = o.window;
    const services = coveredServices(w.scope, this.deps.engine.currentCatalog()?.services ?? []).map(
      (s) => s.id,
    );
    const db = await this.deps.db();
    // The claim: one row per (window, occurrence, type), whichever process gets there first.
    const { count } = await db.maintenanceEvent.createMany({
      data: [
        {
          windowId: w.id,
          occurrence: new Date(o.start),
          type,
          at: new Date(event.at),
          recordedAt: new Date(now),
          title: w.title,
          services,
          message: describe(event, services),
          claimedBy: this.claimedBy,
        },
      ],
      skipDuplicates: true,
    });
    if (count === 0) return;
    const actor = windowActor(w);
    if (type !== "announced")
      await this.deps
        .audit?.({
          actor,
          action: `maintenance.${type}`,
          target: `maintenance:${w.id}`,
          params: { occurrence: new Date(o.start).toISOString(), services },
          outcome: "succeeded",
        })
        ?.catch((error) => log.warn("maintenance audit not written", { error: shortErrorMessage(error) }));
    // A window that is already over by the time it is noticed starts no procedure.
    if (type === "started" && w.playbook && this.deps.startPlaybook && (o.end === null || o.end > now)) {
      try {
        const runId = await this.deps.startPlaybook(o, actor, services);
        await db.maintenanceEvent.update({
          where: { windowId_occurrence_type: { windowId: w.id, occurrence: new Date(o.start), type } },
          data: { playbookRunId: runId },
        });
      } catch (error) {
        log.warn("the maintenance window's playbook did not start", {
          window: w.id,
          playbook: w.playbook,
          error: shortErrorMessage(error),
        });
      }
    }
    this.deps.onEvent?.(w.id);
  }
}

/** The system, named after the window: who starts its playbook and whose start and end are audited. */
export function windowActor(w: WindowDef): Actor {
  return {
    type: "system",
    id: `maintenance:${w.id}`,
    name: `maintenance: ${w.title}`,
    requestId: `maintenance-${w.id}`,
  };
}

function describe({ occurrence: o, type }: DueEvent, services: string[]): string {
  const what = `"${o.window.title}"${services.length ? ` (${services.join(", ")})` : ""}`;
  const until = o.end === null ? "until ended" : `until ${formatUtc(o.end)}`;
  if (type === "announced") return `${what} starts at ${formatUtc(o.start)}, ${until}`;
  if (type === "started") return `${what} started, ${until}`;
  return `${what} ended`;
}
