import { describe, expect, it } from "vitest";
import {
  CappedOutput,
  demuxFrames,
  jsonLines,
  LineSplitter,
  MAX_LINE_BYTES,
  type Frame,
} from "./docker-streams";

const frame = (type: number, text: string | Buffer) => {
  const payload = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};
const all = async <T>(gen: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
};

describe("demuxFrames", () => {
  it("splits stdout and stderr frames even when chunks cut headers and payloads anywhere", async () => {
    const bytes = Buffer.concat([frame(1, "out\n"), frame(2, "err\n"), frame(1, "more\n")]);
    const chunks = [bytes.subarray(0, 3), bytes.subarray(3, 13), bytes.subarray(13, 14), bytes.subarray(14)];
    const frames = await all(demuxFrames(chunks));
    expect(frames.map((f) => [f.stream, f.data.toString()])).toEqual([
      ["stdout", "out\n"],
      ["stderr", "err\n"],
      ["stdout", "more\n"],
    ]);
  });
});

describe("LineSplitter", () => {
  it("joins lines split across frames, keeps streams apart and decodes UTF-8 split mid-character", () => {
    const s = new LineSplitter();
    const euro = Buffer.from("€");
    expect(
      s.push(
        "stdout",
        Buffer.concat([Buffer.from("2026-01-02T03:04:05.123456789Z price 5"), euro.subarray(0, 1)]),
        true,
      ),
    ).toEqual([]);
    expect(s.push("stderr", Buffer.from("oops\r\n"), false)).toEqual([{ stream: "stderr", line: "oops" }]);
    expect(s.push("stdout", Buffer.concat([euro.subarray(1), Buffer.from("\npartial")]), true)).toEqual([
      { stream: "stdout", line: "price 5€", ts: "2026-01-02T03:04:05.123456789Z" },
    ]);
    expect(s.flush(false)).toEqual([{ stream: "stdout", line: "partial" }]);
  });

  it("cuts a line that never ends instead of buffering without bound", () => {
    const s = new LineSplitter();
    const lines = s.push("stdout", Buffer.alloc(MAX_LINE_BYTES * 2, "a"), false);
    expect(lines).toHaveLength(1);
    expect(lines[0].line).toHaveLength(MAX_LINE_BYTES);
  });
});

describe("jsonLines and CappedOutput", () => {
  it("parses newline-delimited JSON across chunks and skips broken lines", async () => {
    expect(await all(jsonLines(['{"a":1}\n{"b"', ':2}\nnot json\n\n{"c":3}\n']))).toEqual([
      { a: 1 },
      { b: 2 },
      { c: 3 },
    ]);
  });

  it("keeps at most maxBytes per stream and flags the rest as truncated", () => {
    const out = new CappedOutput(4);
    const push = (stream: Frame["stream"], text: string) => out.push({ stream, data: Buffer.from(text) });
    push("stdout", "abc");
    push("stderr", "xy");
    expect(out.truncated).toBe(false);
    push("stdout", "defg");
    expect([out.text("stdout"), out.text("stderr"), out.truncated]).toEqual(["abcd", "xy", true]);
  });
});
