import "server-only";
import type { CheckConfig } from "@/lib/catalog/schemas";
import { probeDocker } from "./docker";
import { probeExec } from "./exec";
import { probeHttp } from "./http";
import { probePostgres } from "./postgres";
import { probeQdrant } from "./qdrant";
import { probeRedis } from "./redis";
import { probeTcp } from "./tcp";
import type { ProbeContext, ProbeResult } from "./types";

/** Runs one check with the probe for its kind. Never throws: a crash becomes `unknown`. */
export async function runProbe(check: CheckConfig, context: ProbeContext): Promise<ProbeResult> {
  const cleanup: (() => void)[] = [];
  const ctx = { ...context, cleanup };
  try {
    return await dispatch(check, ctx);
  } catch (error) {
    // Probes catch their own failures; reaching here is a bug, so say so without leaking details.
    const name = error instanceof Error ? error.name : "error";
    return { status: "unknown", message: `probe for ${check.kind} check crashed (${name})`, latencyMs: 0 };
  } finally {
    for (const release of cleanup) release();
  }
}

function dispatch(check: CheckConfig, ctx: ProbeContext): Promise<ProbeResult> {
  switch (check.kind) {
    case "http":
      return probeHttp(check, ctx);
    case "tcp":
      return probeTcp(check, ctx);
    case "postgres":
      return probePostgres(check, ctx);
    case "redis":
      return probeRedis(check, ctx);
    case "qdrant":
      return probeQdrant(check, ctx);
    case "docker":
      return probeDocker(check, ctx);
    case "exec":
      return probeExec(check, ctx);
    default: {
      const unreachable: never = check;
      return Promise.resolve({
        status: "unknown",
        message: `unsupported check kind ${String(unreachable)}`,
        latencyMs: 0,
      });
    }
  }
}
