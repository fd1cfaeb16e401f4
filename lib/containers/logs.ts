import "server-only";
import { Validation } from "@/lib/errors";
import { log } from "@/lib/infra/logger";
import { stripAnsi } from "./ansi";
import { parseFilter, type LogFilter } from "./log-filter";
import { FilterTooSlow } from "./log-filter-runner";
import { pumpLogs } from "./log-pump";
import { containerGateway } from "./samplers";
import { dockerError, findService, resolveContainer } from "./service-containers";
import { liveStream } from "./sse";
import { logQuerySchema, MAX_DOWNLOAD_LINES, sinceDate, type LogStreamMessage } from "./schemas";

/**
 * Log reads of a service's containers: a live tail (NDJSON over a streaming response) and a
 * download. Both take the same query (container, since, tail, filter) and validate it here.
 */

interface ParsedQuery {
  containerId: string;
  containerName: string;
  since?: Date;
  tail: number;
  filter: LogFilter;
}

async function parseQuery(serviceId: string, params: URLSearchParams): Promise<ParsedQuery> {
  const parsed = logQuerySchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Validation(`${issue.path.join(".") || "query"}: ${issue.message}`);
  }
  const q = parsed.data;
  const filter = parseFilter({ q: q.q, regex: q.regex === "1", caseSensitive: q.case === "1" });
  if (!filter.ok) throw new Validation(filter.message);
  const container = await resolveContainer(serviceId, q.container);
  return {
    containerId: container.id,
    containerName: container.name,
    since: sinceDate(q.since),
    tail: q.tail,
    filter: filter.filter,
  };
}

/** A live tail: `lines` batches while the container runs, then `end`; `error` on a filter or Docker failure. */
export async function openLogStream(
  serviceId: string,
  params: URLSearchParams,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  const q = await parseQuery(serviceId, params);
  const { snapshot } = await findService(serviceId);
  const gateway = containerGateway();
  return liveStream(
    signal,
    (out) => {
      const send = (m: LogStreamMessage) => out.write(`${JSON.stringify(m)}\n`);
      const stop = new AbortController();
      pumpLogs(
        gateway,
        {
          containerId: q.containerId,
          since: q.since,
          tail: q.tail,
          follow: true,
          filter: q.filter,
          signal: stop.signal,
        },
        (batch) => send({ type: "lines", ...batch }),
      )
        .then(() => send({ type: "end", reason: `${q.containerName} stopped: its log ends here` }))
        .catch((error) => send({ type: "error", message: describe(error, snapshot.docker.host) }))
        .finally(() => out.close());
      return () => stop.abort();
    },
    { everyMs: 15_000, text: () => `${JSON.stringify({ type: "lines", lines: [], scanned: 0 })}\n` },
  );
}

/** The matching lines as plain text (ANSI codes removed), at most MAX_DOWNLOAD_LINES. */
export async function downloadLogs(
  serviceId: string,
  params: URLSearchParams,
  signal: AbortSignal,
): Promise<{ body: ReadableStream<Uint8Array>; filename: string }> {
  const q = await parseQuery(serviceId, params);
  const { snapshot } = await findService(serviceId);
  const gateway = containerGateway();
  let written = 0;
  const body = liveStream(signal, (out) => {
    const stop = new AbortController();
    pumpLogs(
      gateway,
      {
        containerId: q.containerId,
        since: q.since,
        // A download takes everything in the window unless a tail is asked for explicitly.
        tail: params.has("tail") && q.tail > 0 ? q.tail : "all",
        follow: false,
        filter: q.filter,
        signal: stop.signal,
      },
      (batch) => {
        const lines = batch.lines.slice(0, MAX_DOWNLOAD_LINES - written);
        written += lines.length;
        out.write(
          lines
            .map((l) => `${l.t ?? ""} ${l.s === "err" ? "stderr" : "stdout"} ${stripAnsi(l.l)}\n`)
            .join(""),
        );
        return written < MAX_DOWNLOAD_LINES;
      },
    )
      .catch((error) => out.write(`\n# log read failed: ${describe(error, snapshot.docker.host)}\n`))
      .finally(() => out.close());
    return () => stop.abort();
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return { body, filename: `${q.containerName.replace(/[^\w.-]/g, "_")}-${stamp}.log` };
}

function describe(error: unknown, host: string): string {
  if (error instanceof FilterTooSlow) return error.message;
  const mapped = dockerError(error, host);
  if (mapped instanceof Error && mapped !== error) return mapped.message;
  log.warn("log read failed", { error: String(error) });
  return "reading the log failed; try again, and check the console's log if it keeps failing";
}
