import type { CheckConfig } from "@/lib/catalog/schemas";
import { evaluateConditions, evaluateThreshold, type Observation } from "./conditions";
import { ProbeSkip, scrubSecrets } from "./target";
import type { ProbeContext, ProbeResult } from "./types";

/** Shared tail of the network probes: conditions, then metric thresholds, into one ProbeResult. */

interface Measured {
  latencyMs: number;
  observation: Observation;
  /** What the probe saw in a few words, e.g. "HTTP 200" or "PONG". */
  summary: string;
  /** The metric sample; probes without one record their latency. */
  metricValue?: number;
  /** Used when the check declares no `expect`. */
  defaultExpect?: readonly string[];
}

/**
 * Observation fields whose values are whatever the target wrote (a page, a stack trace, a
 * command's output). JSON fields are not: a condition names the one field it cares about.
 */
const FREE_TEXT = new Set(["body", "output", "headers"]);
const BRIEF = 60;
const DETAIL_LIMIT = 64 * 1024;

/** At most 60 printable characters: control characters and line breaks become spaces. */
export function briefQuote(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").replace(/\s+/g, " ");
  return flat.length <= BRIEF ? flat : `${flat.slice(0, BRIEF - 1)}…`;
}

function rawText(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
}

function fullText(value: unknown): string {
  const text = rawText(value);
  return text.length <= DETAIL_LIMIT ? text : text.slice(0, DETAIL_LIMIT);
}

export function verdict(check: CheckConfig, measured: Measured): ProbeResult {
  const { latencyMs, observation, summary } = measured;
  const base = { latencyMs: Math.round(latencyMs) };
  const evaluation = evaluateConditions(check.expect ?? measured.defaultExpect ?? [], observation);
  const metric = check.metric;
  const value = metric ? (measured.metricValue ?? Math.round(latencyMs)) : undefined;
  const metrics = metric && value !== undefined ? { [metric.name]: value } : undefined;
  const withMetrics = metrics ? { ...base, metrics } : base;
  if (!evaluation.ok) {
    // Text the target wrote (a body, headers, command output) reaches every viewer only as a
    // short, printable quote; the full answer goes to operators as `detail`.
    const freeText = evaluation.subject !== undefined && FREE_TEXT.has(evaluation.subject);
    const got = freeText ? JSON.stringify(briefQuote(rawText(evaluation.value))) : evaluation.actual;
    return {
      ...withMetrics,
      status: "down",
      message: `${summary} (expected ${evaluation.failed}, got ${got})`,
      ...(freeText ? { detail: fullText(evaluation.value) } : {}),
    };
  }
  if (!metric || value === undefined) return { ...withMetrics, status: "up", message: summary };
  const shown = `${metric.name} ${value}${metric.unit ? ` ${metric.unit}` : ""}`;
  try {
    if (metric.critical && evaluateThreshold(metric.critical, value)) {
      return {
        ...withMetrics,
        status: "down",
        message: `${summary}; ${shown} crosses critical threshold ${metric.critical}`,
      };
    }
    if (metric.warn && evaluateThreshold(metric.warn, value)) {
      return {
        ...withMetrics,
        status: "degraded",
        message: `${summary}; ${shown} crosses warn threshold ${metric.warn}`,
      };
    }
  } catch (error) {
    return {
      ...withMetrics,
      status: "unknown",
      message: `invalid metric threshold: ${(error as Error).message}`,
    };
  }
  return { ...withMetrics, status: "up", message: `${summary}; ${shown}` };
}

/**
 * One signal for the probe: the caller's cancellation or the check timeout, whichever comes
 * first. Not `AbortSignal.any(…, AbortSignal.timeout())`: its timer keeps the signal, and the
 * request listening to it, alive for the whole timeout, so at 200 probes a second every
 * finished request lingered long enough to be promoted to the old generation.
 */
export function probeSignal(ctx: ProbeContext): AbortSignal {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException(`timed out after ${ctx.timeoutMs}ms`, "TimeoutError")),
    ctx.timeoutMs,
  );
  const release = () => {
    clearTimeout(timer);
    ctx.signal.removeEventListener("abort", onAbort);
  };
  const onAbort = () => {
    release();
    controller.abort(ctx.signal.reason);
  };
  if (ctx.signal.aborted) onAbort();
  else ctx.signal.addEventListener("abort", onAbort, { once: true });
  ctx.cleanup?.push(release);
  return controller.signal;
}

/** Maps anything a probe caught to a result; driver messages are scrubbed of the given secrets. */
export function failure(
  error: unknown,
  ctx: ProbeContext,
  started: number,
  secrets: readonly string[] = [],
): ProbeResult {
  const latencyMs = Math.round(performance.now() - started);
  if (error instanceof ProbeSkip) return { status: "unknown", message: error.message, latencyMs: 0 };
  if (ctx.signal.aborted) return { status: "unknown", message: "check cancelled", latencyMs };
  if (isTimeout(error) || latencyMs >= ctx.timeoutMs) {
    return { status: "down", message: `timed out after ${ctx.timeoutMs}ms`, latencyMs };
  }
  return { status: "down", message: scrubSecrets(describeError(error), secrets), latencyMs };
}

function isTimeout(error: unknown): boolean {
  return (
    error instanceof Error && (error.name === "TimeoutError" || /timeout|timed out/i.test(error.message))
  );
}

/** Node's network errors hide the useful part (ECONNREFUSED, ENOTFOUND) in `cause` or `code`. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const inner = cause instanceof Error ? cause : error;
  const code = (inner as { code?: unknown }).code;
  const text = inner.message || error.message || error.name;
  // Errno-style codes only; SQLSTATEs and the like add noise to a message people read.
  if (typeof code === "string" && /^(E[A-Z0-9]+|ERR_\w+)$/.test(code) && !text.includes(code))
    return `${code}: ${text}`;
  return text;
}

/** Races a driver call against the signal; drivers without AbortSignal support get `cancel` called. */
export function abortable<T>(work: Promise<T>, signal: AbortSignal, cancel: () => void): Promise<T> {
  if (signal.aborted) {
    cancel();
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      cancel();
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
