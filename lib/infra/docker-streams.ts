/**
 * Pure helpers for Docker's byte streams (no engine access, so they are unit tested alone):
 * the multiplexed stdout/stderr frame format of logs and exec, line splitting with caps,
 * and the newline-delimited JSON of the events endpoint.
 */

export type StdStream = "stdout" | "stderr";
export interface Frame {
  stream: StdStream;
  data: Buffer;
}

/** A single line longer than this is cut: log lines are hostile input. */
export const MAX_LINE_BYTES = 16 * 1024;

/**
 * Splits Docker's multiplexed stream: 8-byte header [stream, 0, 0, 0, size BE32] then
 * `size` bytes. Headers and payloads may be split across chunks in any way.
 */
export async function* demuxFrames(
  chunks: AsyncIterable<Buffer | string> | Iterable<Buffer>,
): AsyncGenerator<Frame> {
  let pending = Buffer.alloc(0);
  for await (const chunk of chunks) {
    pending = Buffer.concat([pending, typeof chunk === "string" ? Buffer.from(chunk) : chunk]);
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) break;
      const type = pending[0];
      const data = pending.subarray(8, 8 + size);
      pending = pending.subarray(8 + size);
      // Type 0 (stdin) never carries output; anything unknown is treated as stdout.
      if (type !== 0) yield { stream: type === 2 ? "stderr" : "stdout", data };
    }
  }
}

/** A TTY container has one raw stream without frame headers. */
export async function* rawFrames(
  chunks: AsyncIterable<Buffer | string> | Iterable<Buffer>,
): AsyncGenerator<Frame> {
  for await (const chunk of chunks)
    yield { stream: "stdout", data: typeof chunk === "string" ? Buffer.from(chunk) : chunk };
}

export interface SplitLine {
  stream: StdStream;
  line: string;
  ts?: string;
}

const TS_PREFIX = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) ?/;

/** Joins frames into lines per stream, decoding UTF-8 only on whole lines. */
export class LineSplitter {
  private pending: Record<StdStream, Buffer> = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };

  push(stream: StdStream, data: Buffer, timestamps: boolean): SplitLine[] {
    let buf = Buffer.concat([this.pending[stream], data]);
    const out: SplitLine[] = [];
    for (let nl = buf.indexOf(0x0a); nl !== -1; nl = buf.indexOf(0x0a)) {
      out.push(toLine(stream, buf.subarray(0, nl), timestamps));
      buf = buf.subarray(nl + 1);
    }
    if (buf.length > MAX_LINE_BYTES) {
      out.push(toLine(stream, buf, timestamps));
      buf = Buffer.alloc(0);
    }
    this.pending[stream] = buf;
    return out;
  }

  flush(timestamps: boolean): SplitLine[] {
    const out: SplitLine[] = [];
    for (const stream of ["stdout", "stderr"] as const) {
      if (this.pending[stream].length > 0) out.push(toLine(stream, this.pending[stream], timestamps));
      this.pending[stream] = Buffer.alloc(0);
    }
    return out;
  }
}

function toLine(stream: StdStream, bytes: Buffer, timestamps: boolean): SplitLine {
  let text = bytes.subarray(0, MAX_LINE_BYTES).toString("utf8");
  if (text.endsWith("\r")) text = text.slice(0, -1);
  if (!timestamps) return { stream, line: text };
  const match = TS_PREFIX.exec(text);
  return match ? { stream, line: text.slice(match[0].length), ts: match[1] } : { stream, line: text };
}

/** Newline-delimited JSON objects; malformed lines are skipped, not fatal. */
export async function* jsonLines(
  chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
): AsyncGenerator<unknown> {
  let pending = "";
  for await (const chunk of chunks) {
    pending += chunk.toString();
    let nl: number;
    while ((nl = pending.indexOf("\n")) !== -1) {
      const line = pending.slice(0, nl).trim();
      pending = pending.slice(nl + 1);
      if (!line) continue;
      try {
        yield JSON.parse(line);
      } catch {
        // The engine only sends JSON; a broken line is dropped rather than killing the stream.
      }
    }
  }
}

/** Collects output up to a byte cap per stream and remembers whether anything was dropped. */
export class CappedOutput {
  private parts: Record<StdStream, Buffer[]> = { stdout: [], stderr: [] };
  private sizes: Record<StdStream, number> = { stdout: 0, stderr: 0 };
  truncated = false;

  constructor(private readonly maxBytes: number) {}

  push({ stream, data }: Frame): void {
    const room = this.maxBytes - this.sizes[stream];
    if (data.length > room) this.truncated = true;
    if (room <= 0) return;
    const kept = data.subarray(0, room);
    this.parts[stream].push(kept);
    this.sizes[stream] += kept.length;
  }

  text(stream: StdStream): string {
    return Buffer.concat(this.parts[stream]).toString("utf8");
  }
}
