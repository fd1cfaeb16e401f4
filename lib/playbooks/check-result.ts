import type { CheckConfig } from "@/lib/catalog/schemas";
import type { ProbeResult } from "@/lib/probes/types";
import { metricValue } from "./metrics";
import type { StepResult } from "./run-types";

/** What a check step records of a check's result: pass or fail, the reason, and the value it read. */
export function checkStepResult(check: CheckConfig, result: ProbeResult | null): Omit<StepResult, "at"> {
  if (!result) return { ok: false, reason: "the check could not run: the Docker engine is unreachable" };
  const value = metricValue(result, check.metric?.name ?? "latency_ms");
  const said = result.message ? `${result.status}: ${result.message}` : result.status;
  return {
    ok: result.status === "up",
    reason: `${said} (${result.latencyMs} ms)`,
    ...(value !== undefined ? { value } : {}),
  };
}
