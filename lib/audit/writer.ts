import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/infra/db";
import { Unavailable } from "@/lib/errors";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import { insertUnnest, type RawExecutor } from "@/lib/infra/sql-batch";
import { AUDIT_FIELDS } from "./fields";
import { GENESIS_HASH, hashRecord } from "./hash";
import { AuditJournal, type JournalEntry } from "./journal";
import { redact } from "./redact";
import type { AuditInput, AuditRecord } from "./schemas";

/** Advisory lock that serialises appends to the one chain across every console replica. */
const CHAIN_LOCK = 72707370;
const MAX_BATCH = 1000;

export interface AppendResult {
  eventId: string;
  /** Where the event is durable now: the database, or the local journal until it drains. */
  storedIn: "database" | "journal";
}

interface Pending {
  entry: JournalEntry;
  resolve(result: AppendResult): void;
  reject(error: Error): void;
}

export interface AuditWriterOptions {
  db: () => Promise<Db>;
  journalFile: string;
  /** A database that does not answer within this is treated as down (the journal takes over). */
  dbTimeoutMs?: number;
  drainIntervalMs?: number;
}

/**
 * Appends audit events to the hash chain with group commit: callers that arrive while a batch
 * is being written are chained and committed together in the next one. An append resolves only
 * once the event is durable (committed, or fsync'd to the journal); it rejects when neither is
 * possible, and the caller must then refuse the action.
 */
export class AuditWriter {
  readonly journal: AuditJournal;
  private queue: Pending[] = [];
  private running: Promise<void> | null = null;
  private drainTimer: NodeJS.Timeout | null = null;
  private journalEntries: number;
  private lastDrainAttempt = 0;
  private outcomesWaiting = 0;

  constructor(private readonly opts: AuditWriterOptions) {
    this.journal = new AuditJournal(opts.journalFile);
    this.journalEntries = this.journal.read().length;
    if (this.journalEntries > 0) this.scheduleDrain();
  }

  append(input: AuditInput): Promise<AppendResult> {
    return this.appendEntry(toEntry(input));
  }

  private appendEntry(entry: JournalEntry): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      this.running ??= this.run();
    });
  }

  /**
   * The outcome of work that has already happened: it is never dropped. When neither the
   * database nor the journal takes it, it is kept in memory and tried again every drain interval
   * (same event id and time) until one does; `onDelayed` hears of the first failure, so the run
   * can say so meanwhile. Resolves once durable; never rejects.
   */
  appendOutcome(input: AuditInput, onDelayed?: (error: Error) => void): Promise<AppendResult> {
    const entry = toEntry(input);
    return new Promise((resolve) => {
      let delayed = false;
      const attempt = () =>
        this.appendEntry(entry).then(
          (result) => {
            if (delayed) {
              this.outcomesWaiting -= 1;
              log.info("a delayed audit outcome is now durable", {
                eventId: entry.eventId,
                runId: entry.runId,
              });
            }
            resolve(result);
          },
          (error: Error) => {
            if (!delayed) {
              delayed = true;
              this.outcomesWaiting += 1;
              log.error("an audit outcome could not be written yet; it is kept in memory and retried", {
                eventId: entry.eventId,
                action: entry.action,
                runId: entry.runId,
                outcome: entry.outcome,
                error: "database unreachable and local journal unwritable",
              });
              onDelayed?.(error);
            }
            setTimeout(attempt, this.drainIntervalMs);
          },
        );
      attempt();
    });
  }

  /** Outcomes of work already done that neither the database nor the journal has taken yet. */
  get pendingOutcomes(): number {
    return this.outcomesWaiting;
  }

  /** Events waiting in the journal for the database. */
  get pendingInJournal(): number {
    return this.journalEntries;
  }

  /** Moves journalled events into the database now; resolves true when the journal is empty. */
  async drain(): Promise<boolean> {
    await this.running;
    if (this.journalEntries === 0) return true;
    this.running = this.run();
    await this.running;
    return this.journalEntries === 0;
  }

  private get drainIntervalMs(): number {
    return this.opts.drainIntervalMs ?? 5000;
  }

  close(): void {
    if (this.drainTimer) clearInterval(this.drainTimer);
    this.drainTimer = null;
  }

  private async run(): Promise<void> {
    try {
      // Loop until nothing waits, including whatever arrived during the last write.
      do {
        // Under steady load the loop never idles for the timer: try the journal from here too.
        if (this.journalEntries > 0 && Date.now() - this.lastDrainAttempt >= this.drainIntervalMs)
          await this.drainJournal();
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.writeBatch(batch);
      } while (this.queue.length > 0);
    } finally {
      this.running = null;
      if (this.queue.length > 0) this.running = this.run();
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    const entries = batch.map((p) => p.entry);
    if (entries.length === 0) {
      await this.drainJournal();
      return;
    }
    // While the journal holds events, new ones queue behind them there: the chain keeps the order
    // things happened in, and an outage costs each action an fsync, not a database timeout.
    if (this.journalEntries === 0) {
      try {
        await withTimeout(this.commit(entries), this.opts.dbTimeoutMs ?? 4000);
        for (const p of batch) p.resolve({ eventId: p.entry.eventId, storedIn: "database" });
        return;
      } catch (error) {
        log.warn("audit database unavailable; writing to the local journal", {
          error: shortErrorMessage(error),
          journal: this.journal.file,
        });
      }
    }
    try {
      this.journal.append(entries);
      this.journalEntries += entries.length;
      this.scheduleDrain();
      for (const p of batch) p.resolve({ eventId: p.entry.eventId, storedIn: "journal" });
    } catch (error) {
      log.error("audit log unwritable: database and journal both failed", {
        error: shortErrorMessage(error),
        journal: this.journal.file,
      });
      const refusal = new Unavailable(
        "the audit log cannot be written (database unreachable and local journal unwritable); nothing was run",
      );
      for (const p of batch) p.reject(refusal);
    }
  }

  /** Moves the journal into the database in order; on failure it stays for the next attempt. */
  private async drainJournal(): Promise<void> {
    if (this.journalEntries === 0) return;
    this.lastDrainAttempt = Date.now();
    const backlog = this.journal.read();
    try {
      await withTimeout(this.commit(backlog, true), this.opts.dbTimeoutMs ?? 4000);
    } catch {
      return;
    }
    this.journal.clear();
    this.journalEntries = 0;
    log.info("audit journal drained into the database", { events: backlog.length });
  }

  /**
   * One transaction: take the chain lock, read the head (a statement of its own, so its snapshot
   * is taken after the lock is held), chain the batch and insert it with one statement.
   */
  private async commit(entries: JournalEntry[], fromJournal = false): Promise<void> {
    if (entries.length === 0) return;
    const db = await this.opts.db();
    await db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
        const seen = new Set<string>();
        if (fromJournal) {
          // A journal entry may already be in the database if we died between commit and clear.
          const existing = await tx.$queryRawUnsafe<{ eventId: string }[]>(
            `SELECT "eventId" FROM "AuditEvent" WHERE "eventId" = ANY($1::text[])`,
            entries.map((e) => e.eventId),
          );
          for (const e of existing) seen.add(e.eventId);
        }
        const [head] = await tx.$queryRawUnsafe<{ seq: bigint; hash: string }[]>(
          `SELECT seq, hash FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`,
        );
        let seq = head ? Number(head.seq) : 0;
        let prevHash = head?.hash ?? GENESIS_HASH;
        const records: AuditRecord[] = [];
        for (const entry of entries) {
          if (seen.has(entry.eventId)) continue;
          seen.add(entry.eventId);
          seq += 1;
          const record = toRecord(entry, seq, prevHash);
          prevHash = record.hash;
          records.push(record);
        }
        if (records.length) await insertRecords(tx, records);
      },
      { timeout: 15_000, maxWait: 10_000 },
    );
  }

  private scheduleDrain(): void {
    if (this.drainTimer) return;
    this.drainTimer = setInterval(() => {
      if (this.journalEntries === 0) {
        this.close();
        return;
      }
      if (this.running) return;
      this.running = this.run();
    }, this.drainIntervalMs);
    this.drainTimer.unref();
  }
}

function toEntry(input: AuditInput): JournalEntry {
  const { actor } = input;
  return {
    eventId: randomUUID(),
    at: new Date().toISOString(),
    actorType: actor.type,
    actorId: actor.id ?? null,
    actorName: actor.name,
    role: actor.role ?? null,
    sourceIp: actor.ip ?? null,
    userAgent: actor.userAgent?.slice(0, 500) ?? null,
    action: input.action,
    target: input.target ?? null,
    params: input.params === undefined ? null : redact(input.params),
    outcome: input.outcome,
    durationMs: input.durationMs ?? null,
    requestId: actor.requestId ?? null,
    runId: input.runId ?? null,
    message: input.message?.slice(0, 2000) ?? null,
  };
}

export function toRecord(entry: JournalEntry, seq: number, prevHash: string): AuditRecord {
  const base = { ...(entry as unknown as Omit<AuditRecord, "seq" | "prevHash" | "hash">), seq, prevHash };
  return { ...base, hash: hashRecord(base) };
}

/** One INSERT ... SELECT FROM unnest(...) for the batch. */
async function insertRecords(tx: RawExecutor, records: AuditRecord[]) {
  await insertUnnest(
    tx,
    "AuditEvent",
    AUDIT_FIELDS,
    records.map((r) =>
      AUDIT_FIELDS.map(([c]) => {
        const v = r[c];
        if (v === null || v === undefined) return null;
        if (c === "params") return JSON.stringify(v);
        return String(v);
      }),
    ),
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${ms}ms`)), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
