import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { stripAnsi } from "@/lib/containers/ansi";
import { MAX_FILTER_LENGTH, parseFilter, type LogFilter } from "@/lib/containers/log-filter";
import { createBatchFilter } from "@/lib/containers/log-filter-runner";
import { Validation } from "@/lib/errors";
import type { LogLine } from "@/lib/infra/docker";
import type { DeclaredAction } from "../schemas";
import type { ActionKind, ActionTarget, RunContext } from "../types";
import { containerParam } from "./container";
import { levelMatcher, mergeNewest, NewestLines, shortStamp, timeBound, type FoundLine } from "./log-search";

type LogsDecl = Extract<DeclaredAction, { kind: "logs.search" }> | undefined;

const BATCH = 500;
/** A search reads at most this many lines per container: the timeout is the other bound. */
const MAX_SCAN = 2_000_000;
const timeText = z
  .string()
  .max(40)
  .refine((v) => timeBound(v, Date.now()) !== null, 'expected a duration such as "15m" or an ISO date');

function logsParams(target: ActionTarget, decl: LogsDecl) {
  const shape = {
    container: containerParam(target).optional().describe("Container (default: all of the service's)"),
    since: timeText.default("15m").describe("Since (e.g. 15m, 2h, or an ISO date)"),
    until: timeText.optional().describe("Until (duration ago or ISO date; default now)"),
    q: z.string().max(MAX_FILTER_LENGTH).default("").describe("Text or regular expression"),
    regex: z.boolean().default(false).describe("Treat the filter as a regular expression"),
    limit: z.number().int().min(1).max(5000).default(500).describe("Lines to show (newest)"),
    // A declared level is fixed; otherwise the request may pick one.
    ...(decl?.level
      ? {}
      : {
          level: z
            .string()
            .regex(/^[A-Za-z]{1,16}$/, "expected a level name such as error")
            .optional(),
        }),
  };
  return z.strictObject(shape).superRefine((p, ctx) => {
    const filter = parseFilter({ q: p.q, regex: p.regex });
    if (!filter.ok) ctx.addIssue({ code: "custom", path: ["q"], message: filter.message });
    const now = Date.now();
    const since = timeBound(p.since, now);
    const until = p.until ? timeBound(p.until, now) : null;
    if (since && until && until <= since)
      ctx.addIssue({ code: "custom", path: ["until"], message: "must be later than since" });
  });
}
type LogsParams = z.output<ReturnType<typeof logsParams>>;

export const logsSearch: ActionKind<LogsDecl, LogsParams> = {
  kind: "logs.search",
  title: "Search logs",
  description: "Search the service's container logs by time window, text or regex, and JSON log level.",
  targetKind: "service",
  permission: "logs.read",
  confirm: "none",
  read: true,
  timeoutMs: 60_000,
  appliesTo: (service) => service.kind === "container",
  params: logsParams,
  // Searches only read: two people may search the same service at once.
  concurrencyKey: () => `logs:${randomUUID()}`,
  describeTarget: (target, p) => `${target.service.id}${p.container ? ` (container ${p.container})` : ""}`,
  run: searchLogs,
};

/** Reads each container's window, filters on the server within the regex time budget, keeps the newest. */
async function searchLogs(ctx: RunContext<LogsDecl>, p: LogsParams) {
  const { target, decl, out, deps, signal } = ctx;
  const now = Date.now();
  const since = timeBound(p.since, now) ?? undefined;
  const until = p.until ? (timeBound(p.until, now) ?? undefined) : undefined;
  const matchers = filters(decl, p);
  const containers = target.service.containers.filter((c) => !p.container || c.name === p.container);
  if (containers.length === 0) throw new Validation(`${target.service.name} has no containers to search`);
  out.line(
    `searching ${containers.length} container(s) since ${since?.toISOString()}${until ? ` until ${until.toISOString()}` : ""}`,
    "info",
  );

  let scanned = 0;
  let matchedTotal = 0;
  let capped = false;
  const groups: FoundLine[][] = [];
  for (const container of containers) {
    const newest = new NewestLines(p.limit);
    let batch: LogLine[] = [];
    let read = 0;
    const flush = () => {
      const texts = batch.map((l) => stripAnsi(l.line));
      let keep = texts.map(() => true);
      for (const match of matchers) keep = match(texts).map((ok, i) => ok && keep[i]);
      batch.forEach((l, i) => {
        if (keep[i]) newest.push({ container: container.name, stream: l.stream, ts: l.ts, text: texts[i] });
      });
      batch = [];
    };
    const logs = deps.docker.containerLogs(container.id, {
      since,
      until,
      tail: "all",
      timestamps: true,
      signal,
    });
    for await (const line of logs) {
      batch.push(line);
      read++;
      if (batch.length >= BATCH) flush();
      if (read >= MAX_SCAN) {
        capped = true;
        break;
      }
    }
    flush();
    signal.throwIfAborted();
    scanned += read;
    groups.push(newest.lines());
    matchedTotal += newest.pushed;
  }

  const shown = mergeNewest(groups, p.limit);
  const prefix = containers.length > 1;
  for (const l of shown)
    out.line(
      `${shortStamp(l.ts)} ${prefix ? `${l.container} | ` : ""}${l.text}`,
      l.stream === "stderr" ? "err" : "out",
    );
  const truncated = matchedTotal > shown.length || capped;
  out.line(
    `${matchedTotal} of ${scanned} lines matched${truncated ? `; showing the newest ${shown.length}` : ""}${capped ? ` (stopped reading after ${MAX_SCAN} lines of one container)` : ""}`,
    "info",
  );
  return { matched: matchedTotal, scanned, truncated };
}

/** The declaration's preset filter, then the request's, then the level: every one must match. */
function filters(decl: LogsDecl, p: LogsParams): ((lines: readonly string[]) => boolean[])[] {
  const list: ((lines: readonly string[]) => boolean[])[] = [];
  const add = (filter: LogFilter) => {
    if (filter.kind !== "none") list.push(createBatchFilter(filter));
  };
  if (decl?.query) {
    const preset = parseFilter({ q: decl.query, regex: decl.regex });
    if (!preset.ok) throw new Validation(`declaration query: ${preset.message}`);
    add(preset.filter);
  }
  const requested = parseFilter({ q: p.q, regex: p.regex });
  if (!requested.ok) throw new Validation(`params.q: ${requested.message}`);
  add(requested.filter);
  const level = decl?.level ?? (p as { level?: string }).level;
  if (level) {
    const match = levelMatcher(level);
    list.push((lines) => lines.map(match));
  }
  return list;
}
