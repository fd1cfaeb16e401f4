import { z } from "zod";
import { parseDuration } from "@/lib/catalog/duration";
import { MAX_FILTER_LENGTH } from "./log-filter";

/**
 * What the service page's container and log routes send and accept. Client-safe: the browser
 * builds its URLs from the same schema the server parses. Nothing here ever carries a
 * container's environment.
 */

export interface ContainerView {
  id: string;
  name: string;
  image: string;
  /** created, running, paused, restarting, removing, exited, dead */
  state: string;
  health: "healthy" | "unhealthy" | "starting" | "none";
  restartCount: number;
  exitCode: number;
  oomKilled: boolean;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface StatsPoint {
  containerId: string;
  /** ISO time the engine read the counters. */
  at: string;
  /** null until two reads allow a delta (the first second after subscribing). */
  cpuPercent: number | null;
  memoryBytes: number;
  memoryLimitBytes: number;
  memoryPercent: number | null;
  pids: number;
}

export type StatsUpdate =
  | { type: "stats"; point: StatsPoint }
  | { type: "ended"; containerId: string; reason: string }
  | { type: "error"; containerId: string; message: string };

export interface ContainerEventView {
  at: string;
  containerId: string;
  containerName: string;
  action: string;
  /** e.g. "exit code 137", "unhealthy", "out of memory". */
  detail?: string;
}

/** One log line on the wire: stream, Docker's timestamp, text (raw, ANSI included). */
export interface LogLineView {
  s: "out" | "err";
  t?: string;
  l: string;
}

/** Messages of the NDJSON log stream. */
export type LogStreamMessage =
  | { type: "lines"; lines: LogLineView[]; scanned: number; dropped?: number }
  | { type: "end"; reason: string }
  | { type: "error"; message: string };

export const LOG_SINCE_CHOICES = ["5m", "15m", "1h", "6h", "24h", "7d"] as const;
export const MAX_LOG_TAIL = 5000;
export const MAX_DOWNLOAD_LINES = 100_000;

const since = z
  .string()
  .max(40)
  .refine(
    (v) => parseDuration(v) !== null || !Number.isNaN(Date.parse(v)),
    'expected a duration such as "15m" or "24h", or a date',
  );

export const logQuerySchema = z.object({
  container: z.string().min(1).max(255),
  since: since.optional(),
  tail: z.coerce.number().int().min(0).max(MAX_LOG_TAIL).default(500),
  q: z
    .string()
    .max(MAX_FILTER_LENGTH, `the filter is longer than ${MAX_FILTER_LENGTH} characters`)
    .default(""),
  regex: z.enum(["0", "1"]).default("0"),
  case: z.enum(["0", "1"]).default("0"),
});
export type LogQuery = z.input<typeof logQuerySchema>;

/** The absolute start of a `since` value, relative durations counted back from `now`. */
export function sinceDate(value: string | undefined, now = Date.now()): Date | undefined {
  if (!value) return undefined;
  const ms = parseDuration(value);
  return ms !== null ? new Date(now - ms) : new Date(value);
}
