import "server-only";
import type { CheckConfig } from "@/lib/catalog/schemas";
import type { DockerGateway } from "@/lib/infra/docker";
import { failure, probeSignal, verdict } from "./verdict";
import type { Probe } from "./types";

export type ExecCheck = Extract<CheckConfig, { kind: "exec" }>;

/** Output kept for conditions like `output contains "accepting connections"`. */
export const EXEC_OUTPUT_LIMIT = 16 * 1024;

/**
 * Runs the declared argv in the first running container of the service, through the
 * gateway's allow-listed exec (argv only, never a shell string). Observation:
 * { exit_code, output (stdout then stderr, capped), latency }; default `exit_code == 0`.
 */
export function createExecProbe(gateway: DockerGateway): Probe<ExecCheck> {
  return async (check, ctx) => {
    const target = ctx.containers.find((c) => c.state === "running");
    if (!target) return { status: "unknown", message: "no running container to exec in", latencyMs: 0 };
    const started = performance.now();
    try {
      const run = await gateway.execInContainer(target.id, check.command, {
        timeoutMs: ctx.timeoutMs,
        signal: probeSignal(ctx),
        maxOutputBytes: EXEC_OUTPUT_LIMIT,
      });
      const latencyMs = performance.now() - started;
      const output = joinOutput(run.stdout, run.stderr);
      const numeric = Number(output.trim());
      return verdict(check, {
        latencyMs,
        observation: { exit_code: run.exitCode, output, latency: Math.round(latencyMs) },
        summary: summarize(run.exitCode, output),
        metricValue: output.trim() !== "" && Number.isFinite(numeric) ? numeric : undefined,
        defaultExpect: ["exit_code == 0"],
      });
    } catch (error) {
      return failure(error, ctx, started);
    }
  };
}

function joinOutput(stdout: string, stderr: string): string {
  const joined =
    stdout && stderr ? `${stdout}${stdout.endsWith("\n") ? "" : "\n"}${stderr}` : stdout || stderr;
  return joined.length > EXEC_OUTPUT_LIMIT ? joined.slice(0, EXEC_OUTPUT_LIMIT) : joined;
}

/** `exit 1: <last output line>` so the reason shows what the command said. */
function summarize(exitCode: number, output: string): string {
  const last = output.trim().split("\n").pop()?.trim() ?? "";
  const shown = last.length > 120 ? `${last.slice(0, 117)}...` : last;
  return shown ? `exit ${exitCode}: ${shown}` : `exit ${exitCode}`;
}

let moduleGateway: DockerGateway | undefined;

/** Wires the process-wide gateway for `probeExec` (the monitor calls this once at start-up). */
export function setExecGateway(gateway: DockerGateway | undefined): void {
  moduleGateway = gateway;
}

export const probeExec: Probe<ExecCheck> = (check, ctx) =>
  moduleGateway
    ? createExecProbe(moduleGateway)(check, ctx)
    : Promise.resolve({ status: "unknown", message: "Docker is not configured", latencyMs: 0 });
