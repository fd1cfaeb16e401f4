import "server-only";
import type { Db } from "@/lib/infra/db";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import { redactText } from "./redact";
import type { Sender, SendResult } from "./sender";
import { claimDue, recordAttempt, type Claimed } from "./store";

/**
 * Delivers the outbox: claims due messages of the channels it has a sender for, sends them a few
 * at a time, and records every attempt. Any number of processes may run one on the same
 * database: a message is claimed by one of them, and only again if that one's lease runs out
 * (it died mid-send), so a message goes out once unless a process dies between sending and
 * recording. Nothing is dropped: a failure waits for its backoff and is tried again.
 */

export interface OutboxWorkerOptions {
  db: () => Promise<Db>;
  senders: readonly Sender[];
  /** Names this process in attempt records (host:pid). */
  workerId: string;
  /** How long a claim keeps a message from other processes; well past any sender's timeout. */
  leaseMs?: number;
  batchSize?: number;
  /** Messages sent at once. */
  concurrency?: number;
  /** Looks for due messages this often (a nudge looks at once). */
  pollMs?: number;
  now?: () => number;
}

const STOP_GRACE_MS = 5_000;

export class OutboxWorker {
  private timer?: ReturnType<typeof setInterval>;
  private running: Promise<number> | null = null;
  private again = false;
  private stopped = true;
  /** Set by stop(): passes end (a worker never started can still be ticked, as tests do). */
  private halted = false;
  private abort = new AbortController();
  private dbDown = false;
  private readonly senders: Map<string, Sender>;

  constructor(private readonly o: OutboxWorkerOptions) {
    this.senders = new Map(o.senders.map((s) => [s.channel, s]));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.halted = false;
    this.abort = new AbortController();
    this.timer = setInterval(() => this.nudge(), this.o.pollMs ?? 2_000);
    this.timer.unref?.();
    this.nudge();
  }

  /** Something was enqueued: look now rather than at the next poll. */
  nudge(): void {
    if (this.stopped) return;
    void this.tick().catch(() => undefined);
  }

  /** Sends everything due now; a call during a pass runs one more pass after it. Resolves to the number sent or tried. */
  tick(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let total = 0;
      try {
        do {
          this.again = false;
          let n: number;
          while ((n = await this.pass()) > 0) total += n;
        } while (this.again && !this.halted);
      } finally {
        this.running = null;
      }
      return total;
    })();
    return this.running;
  }

  /** Stops polling; sends in flight get a short grace, then are aborted (and retried later). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.halted = true;
    clearInterval(this.timer);
    const running = this.running;
    if (running) {
      const grace = new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref?.());
      await Promise.race([running.catch(() => undefined), grace]);
      this.abort.abort();
      await running.catch(() => undefined);
    }
    for (const sender of this.senders.values()) await sender.close?.();
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  /** One claim and its sends; 0 when nothing was due. */
  private async pass(): Promise<number> {
    if (this.halted) return 0;
    let db: Db;
    let claimed: Claimed[];
    try {
      db = await this.o.db();
      claimed = await claimDue(db, {
        channels: [...this.senders.keys()],
        limit: this.o.batchSize ?? 20,
        leaseMs: this.o.leaseMs ?? 120_000,
        now: this.now(),
      });
      if (this.dbDown) log.info("outbox: the database answers again");
      this.dbDown = false;
    } catch (error) {
      // Said once per outage: the poll keeps trying.
      if (!this.dbDown) log.warn("outbox: cannot read the outbox", { error: shortErrorMessage(error) });
      this.dbDown = true;
      return 0;
    }
    const queue = [...claimed];
    const lanes = Array.from({ length: Math.min(this.o.concurrency ?? 4, queue.length) }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) await this.deliver(db, c);
    });
    await Promise.all(lanes);
    return claimed.length;
  }

  private async deliver(db: Db, c: Claimed): Promise<void> {
    const startedAt = this.now();
    const t0 = performance.now();
    let result: SendResult;
    try {
      result = await this.senders.get(c.channel)!.send(c.payload, {
        messageId: c.id,
        attempt: c.attempt,
        signal: this.abort.signal,
      });
    } catch (error) {
      // A sender should not throw; if one does, its message may hold anything: keep it short and masked.
      result = { ok: false, error: redactText(shortErrorMessage(error)) };
    }
    const at = { startedAt, durationMs: performance.now() - t0, now: this.now(), worker: this.o.workerId };
    try {
      await recordAttempt(db, c, result, at);
    } catch (error) {
      // Not recorded: the lease runs out and the message is tried again (it may then go out twice).
      log.error("outbox: could not record a delivery attempt", {
        id: c.id,
        channel: c.channel,
        error: shortErrorMessage(error),
      });
      return;
    }
    if (!result.ok)
      log.warn(
        result.permanent ? "outbox: message refused for good" : "outbox: delivery failed; will retry",
        {
          id: c.id,
          channel: c.channel,
          attempt: c.attempt,
          error: result.error,
        },
      );
  }
}
