import "server-only";
import type { Db } from "@/lib/infra/db";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import { insertUnnest, type BatchColumn } from "@/lib/infra/sql-batch";
import type { ProbeResult } from "@/lib/probes/types";
import type { StateChange } from "./types";

/**
 * Batched, bounded writes of samples and state changes. When the database is unreachable
 * the queue keeps filling (up to `maxQueued`, oldest samples dropped first, state changes kept
 * longest) and drains once it is back; live health never waits on it.
 */

export interface Sample {
  serviceId: string;
  checkId: string;
  at: Date;
  result: ProbeResult;
  /** A maintenance window covered the service when the sample was taken. */
  maintenance?: boolean;
}

export interface WriterStatus {
  state: "ok" | "queueing";
  queued: number;
  dropped: number;
  lastError?: string;
  since?: string;
}

export interface ResultWriter {
  sample(sample: Sample): void;
  change(change: StateChange): void;
  flush(): Promise<void>;
  status(): WriterStatus;
  /** The oldest sample time written since the last call (null when none was), for incremental roll-ups. */
  takeOldestWritten(): Date | null;
  stop(): Promise<void>;
}

const SAMPLE_COLUMNS: BatchColumn[] = [
  ["serviceId", "text"],
  ["checkId", "text"],
  ["at", "timestamp(3)"],
  ["status", "text"],
  ["latencyMs", "integer"],
  ["message", "text"],
  ["metrics", "jsonb"],
  ["maintenance", "boolean"],
];

const CHANGE_COLUMNS: BatchColumn[] = [
  ["scope", "text"],
  ["entityId", "text"],
  ["serviceId", "text"],
  ["fromState", "text"],
  ["toState", "text"],
  ["reason", "text"],
  ["at", "timestamp(3)"],
];

export function createResultWriter(opts: {
  getDb: () => Promise<Db>;
  maxQueued: number;
  flushEveryMs?: number;
}): ResultWriter {
  let samples: Sample[] = [];
  let changes: StateChange[] = [];
  let dropped = 0;
  let failing: { error: string; since: string } | null = null;
  let flushing: Promise<void> | null = null;
  let oldestWritten: Date | null = null;

  const trim = () => {
    const over = samples.length + changes.length - opts.maxQueued;
    if (over > 0) {
      const fromSamples = Math.min(over, samples.length);
      samples = samples.slice(fromSamples);
      dropped += fromSamples;
      if (over > fromSamples) {
        changes = changes.slice(over - fromSamples);
        dropped += over - fromSamples;
      }
    }
  };

  async function writeBatch() {
    if (samples.length === 0 && changes.length === 0) return;
    const batchSamples = samples.slice(0, 5000);
    const batchChanges = changes.slice(0, 5000);
    const db = await opts.getDb();
    // Plain batched INSERTs: at 200 results/s an ORM createMany cost more CPU and garbage than
    // the checks themselves.
    await db.$transaction(async (tx) => {
      await insertUnnest(
        tx,
        "CheckSample",
        SAMPLE_COLUMNS,
        batchSamples.map((s) => [
          s.serviceId,
          s.checkId,
          s.at.toISOString(),
          s.result.status,
          String(Math.max(0, Math.round(s.result.latencyMs))),
          s.result.message.slice(0, 1000),
          s.result.metrics ? JSON.stringify(s.result.metrics) : null,
          s.maintenance ? "true" : "false",
        ]),
      );
      await insertUnnest(
        tx,
        "StateChange",
        CHANGE_COLUMNS,
        batchChanges.map((c) => [
          c.type,
          c.type === "check" ? `${c.serviceId}/${c.id}` : c.id,
          c.serviceId ?? (c.type === "service" ? c.id : null),
          c.from,
          c.to,
          c.reason.slice(0, 1000),
          new Date(c.at).toISOString(),
        ]),
      );
    });
    for (const s of batchSamples) if (!oldestWritten || s.at < oldestWritten) oldestWritten = s.at;
    // Only drop what was written: new items may have arrived meanwhile.
    samples = samples.slice(batchSamples.length);
    changes = changes.slice(batchChanges.length);
  }

  async function flushNow() {
    try {
      while (samples.length > 0 || changes.length > 0) await writeBatch();
      if (failing) log.info("database writes resumed", { after: failing.since });
      failing = null;
    } catch (error) {
      if (!failing) {
        failing = { error: shortErrorMessage(error), since: new Date().toISOString() };
        log.warn("database unreachable: queueing results in memory", { error: failing.error });
      }
    }
  }

  const flush = () => (flushing ??= flushNow().finally(() => (flushing = null)));
  const timer = setInterval(() => void flush(), opts.flushEveryMs ?? 2000);
  timer.unref?.();

  return {
    sample(sample) {
      samples.push(sample);
      trim();
    },
    change(change) {
      changes.push(change);
      trim();
    },
    flush,
    status: () => ({
      state: failing ? "queueing" : "ok",
      queued: samples.length + changes.length,
      dropped,
      lastError: failing?.error,
      since: failing?.since,
    }),
    takeOldestWritten() {
      const oldest = oldestWritten;
      oldestWritten = null;
      return oldest;
    },
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
