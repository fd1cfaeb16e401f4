import "server-only";
import { Client } from "pg";
import type { CheckConfig } from "@/lib/catalog/schemas";
import { resolveTemplate, urlSecrets } from "./target";
import type { Probe } from "./types";
import { abortable, failure, probeSignal, verdict } from "./verdict";

type PostgresCheck = Extract<CheckConfig, { kind: "postgres" }>;

/** Like pg_isready plus `select 1`; an optional read-only query supplies a numeric metric. */
export const probePostgres: Probe<PostgresCheck> = async (check, ctx) => {
  const started = performance.now();
  const secrets = urlSecrets(check.url);
  let client: Client | undefined;
  try {
    const signal = probeSignal(ctx);
    client = new Client({
      connectionString: resolveTemplate(check.url, ctx.containers),
      connectionTimeoutMillis: ctx.timeoutMs,
      statement_timeout: ctx.timeoutMs,
      query_timeout: ctx.timeoutMs,
      application_name: "opsdeck-check",
    });
    // A dropped connection emits "error" on the client; the awaited call below already reports it.
    client.on("error", () => {});
    const open = client;
    const cancel = () => void open.end().catch(() => {});
    await abortable(open.connect(), signal, cancel);
    await abortable(open.query("select 1"), signal, cancel);
    const value = check.query ? await abortable(readOnlyValue(open, check.query), signal, cancel) : undefined;
    const latency = performance.now() - started;
    if (check.query && value === undefined) {
      return {
        status: "unknown",
        message: "query returned no numeric value in the first column of the first row",
        latencyMs: Math.round(latency),
      };
    }
    return verdict(check, {
      latencyMs: latency,
      summary: value === undefined ? `select 1 in ${Math.round(latency)}ms` : `query returned ${value}`,
      observation: { latency: Math.round(latency), value },
      metricValue: value,
    });
  } catch (error) {
    return failure(error, ctx, started, secrets);
  } finally {
    void client?.end().catch(() => {});
  }
};

/**
 * Runs the declared query in a read-only transaction. A named (prepared) statement makes
 * Postgres refuse several statements, so `...; COMMIT; DELETE ...` cannot escape it.
 */
async function readOnlyValue(client: Client, query: string): Promise<number | undefined> {
  await client.query("BEGIN READ ONLY");
  try {
    const result = await client.query({ name: "opsdeck_check_query", text: query, rowMode: "array" });
    const first: unknown = result.rows[0]?.[0];
    const value =
      typeof first === "number" || typeof first === "string" || typeof first === "bigint"
        ? Number(first)
        : NaN;
    return Number.isFinite(value) && String(first).trim() !== "" ? value : undefined;
  } finally {
    await client.query("ROLLBACK").catch(() => {});
  }
}
