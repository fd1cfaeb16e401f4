import "server-only";
import { issuesMessage, Validation } from "@/lib/errors";
import { getDb } from "@/lib/infra/db";
import { env } from "@/lib/infra/env";
import { audit } from "./log";
import { csvHeader, csvRow, iterateAuditEvents, listAuditEvents } from "./queries";
import { auditFilterSchema, type Actor, type AuditFilter } from "./schemas";
import { verifyChain, type VerifyResult } from "./verify";

/** The audit log's read verbs for the routes and pages; permission is checked by the caller. */

export function parseAuditFilter(params: URLSearchParams): AuditFilter {
  const raw = Object.fromEntries([...params].filter(([k, v]) => k !== "format" && v !== ""));
  const parsed = auditFilterSchema.safeParse(raw);
  if (!parsed.success) throw new Validation(issuesMessage(parsed.error.issues, "query"));
  return parsed.data;
}

export async function auditPage(params: URLSearchParams) {
  return listAuditEvents(await getDb(), parseAuditFilter(params));
}

export async function exportAudit(actor: Actor, params: URLSearchParams) {
  const format = params.get("format") ?? "csv";
  if (format !== "csv" && format !== "jsonl")
    throw new Validation(`format: expected csv or jsonl, got "${format}"`);
  const filter = parseAuditFilter(params);
  const { limit: _limit, before: _before, ...rest } = filter;
  await audit({ actor, action: "audit.export", params: { format, ...rest }, outcome: "succeeded" });
  const db = await getDb();
  const encoder = new TextEncoder();
  const events = iterateAuditEvents(db, rest);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === "csv") controller.enqueue(encoder.encode(csvHeader()));
    },
    async pull(controller) {
      const next = await events.next();
      if (next.done) return controller.close();
      controller.enqueue(
        encoder.encode(format === "csv" ? csvRow(next.value) : JSON.stringify(next.value) + "\n"),
      );
    },
    async cancel() {
      await events.return(undefined);
    },
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return {
    body,
    filename: `opsdeck-audit-${stamp}.${format}`,
    contentType: format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
  };
}

export async function verifyAuditChain(actor: Actor): Promise<VerifyResult> {
  const result = await verifyChain(await getDb(), { pgUrl: env().DATABASE_URL });
  await audit({
    actor,
    action: "audit.verify",
    outcome: "succeeded",
    message: result.ok
      ? `chain intact: ${result.checked} records`
      : `broken at ${result.firstBroken?.seq}: ${result.firstBroken?.reason}`,
  }).catch(() => undefined);
  return result;
}
