import "server-only";
import path from "node:path";
import { getDb } from "@/lib/infra/db";
import { env } from "@/lib/infra/env";
import { processSingleton, STOP_LATE } from "@/lib/infra/process-registry";
import { RefusalFolder } from "./refusal-fold";
import { AuditWriter, type AppendResult } from "./writer";
import type { AuditInput } from "./schemas";

/** The process's audit writer: the shared database, journal in the data folder. */
export function auditWriter(): AuditWriter {
  return processSingleton(
    "audit",
    () => new AuditWriter({ db: getDb, journalFile: path.join(env().dataDir, "audit-journal.jsonl") }),
    (writer) => writer.close(),
    STOP_LATE.audit,
  );
}

/** Durable when it resolves; rejects with Unavailable when the event cannot be written anywhere. */
export function audit(input: AuditInput): Promise<AppendResult> {
  return auditWriter().append(input);
}

/** For denials and reads: the answer to the user does not wait on, or fail with, the audit write. */
export function auditBestEffort(input: AuditInput): void {
  audit(input).catch(() => undefined);
}

/**
 * A refusal, folded with identical ones (lib/audit/refusal-fold.ts): the first is written at
 * once, repeats within a minute as one counted record. Flushed before the writer stops.
 */
export function auditRefusalFolded(input: AuditInput): Promise<void> {
  const folder = processSingleton(
    "refusals",
    () => new RefusalFolder((event) => audit(event)),
    (f) => f.flush(),
    STOP_LATE.audit - 1,
  );
  return folder.record(input).then(
    () => undefined,
    () => undefined,
  );
}

/**
 * For the proxy (proxy.ts), which refuses cross-site server actions before any route code runs
 * and must not pull the database into its bundle: the same best-effort refusal record, reached
 * through a global symbol. lib/startup.ts loads this module at start-up, so the hook is there.
 */
(globalThis as Record<symbol, unknown>)[Symbol.for("opsdeck.audit-refusal")] = (input: AuditInput) =>
  void auditRefusalFolded(input);
