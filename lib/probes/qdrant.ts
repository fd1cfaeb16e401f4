import "server-only";
import type { CheckConfig } from "@/lib/catalog/schemas";
import { createQdrantClient, type CollectionInfo } from "@/lib/infra/qdrant";
import type { Observation } from "./conditions";
import { resolveTemplate, urlSecrets } from "./target";
import type { Probe, ProbeResult } from "./types";
import { failure, probeSignal, verdict } from "./verdict";

export type QdrantCheck = Extract<CheckConfig, { kind: "qdrant" }>;

/**
 * readyz, then (when `collection` is set) the collection's existence, status and point count.
 * readyz is sticky once ready (contract §4), so the collection status is the ongoing signal.
 */
export const probeQdrant: Probe<QdrantCheck> = async (check, ctx) => {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  const secrets = [...(check.apiKey ? [check.apiKey] : []), ...urlSecrets(check.url)];
  try {
    const url = resolveTemplate(check.url, ctx.containers);
    const client = createQdrantClient({
      url,
      apiKey: check.apiKey,
      timeoutMs: ctx.timeoutMs,
      signal: probeSignal(ctx),
    });
    const ready = await client.readyz();
    if (!ready.ready) {
      return {
        status: "down",
        message: `readyz HTTP ${ready.status}: ${ready.message || "not ready"}`,
        latencyMs: latency(),
      };
    }
    if (!check.collection) {
      return verdict(check, {
        latencyMs: latency(),
        observation: { latency: latency(), body: ready.message },
        summary: "ready",
      });
    }

    const info = await client.getCollection(check.collection);
    const subject = `collection "${check.collection}"`;
    if (!info) return { status: "down", message: `${subject} does not exist`, latencyMs: latency() };
    const pointsCount = info.points_count ?? undefined;
    const metrics =
      pointsCount === undefined ? undefined : { [check.metric?.name ?? "points_count"]: pointsCount };
    if (info.status === "red") {
      return {
        status: "down",
        message: `${subject} status is red (operations failed)`,
        latencyMs: latency(),
        metrics,
      };
    }

    const observation: Observation = {
      latency: latency(),
      status: info.status,
      points_count: pointsCount,
      json: info,
    };
    const summary = `ready; ${subject} ${info.status}, ${pointsCount ?? "unknown"} points`;
    const result = verdict(check, { latencyMs: latency(), observation, summary, metricValue: pointsCount });
    return collectionDegradation({ metrics, ...result }, info, subject);
  } catch (error) {
    return failure(error, ctx, started, secrets);
  }
};

/** An otherwise healthy result is degraded while the collection optimizes or its optimizer failed. */
function collectionDegradation(result: ProbeResult, info: CollectionInfo, subject: string): ProbeResult {
  if (result.status !== "up") return result;
  if (typeof info.optimizer_status === "object") {
    return {
      ...result,
      status: "degraded",
      message: `${subject} optimizer error: ${info.optimizer_status.error.slice(0, 200)}`,
    };
  }
  if (info.status === "yellow")
    return { ...result, status: "degraded", message: `${subject} is yellow (optimizing)` };
  return result;
}
