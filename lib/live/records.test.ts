import { describe, expect, it } from "vitest";
import { createBus } from "@/lib/monitor/bus";
import { RecordChannel } from "./records";

/** Reads a record stream until `want` is in it (or fails after a second). */
async function readUntil(body: ReadableStream<Uint8Array>, want: string): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + 1000;
  while (!text.includes(want)) {
    if (Date.now() > deadline) throw new Error(`never saw ${want} in ${JSON.stringify(text)}`);
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  reader.releaseLock();
  return text;
}

describe("live records", () => {
  it("tells every open page of a record that it changed, and no page of another", async () => {
    const channel = new RecordChannel(createBus());
    const stop = new AbortController();
    const run = channel.open("playbook-run", "r1", "ana@example.com", stop.signal);
    const other = channel.open("playbook-run", "r2", "bo@example.com", stop.signal);
    await readUntil(run.body!, "event: viewers");
    channel.changed("playbook-run", "r1");
    expect(await readUntil(run.body!, "event: changed")).toContain("event: changed");
    const otherText = await readUntil(other.body!, "event: viewers");
    expect(otherText).not.toContain("event: changed");
    stop.abort();
    channel.close();
  });

  it("sends the record with each change, read once for every page of it, never an older one after a newer", async () => {
    const channel = new RecordChannel(createBus());
    const stop = new AbortController();
    let version = 0;
    let reads = 0;
    // The first change's read is slower than the second's: its answer arrives last.
    const read = async () => {
      const mine = ++version;
      reads++;
      await new Promise((r) => setTimeout(r, mine === 1 ? 80 : 5));
      return { version: mine };
    };
    const ana = channel.open("playbook-run", "r1", "ana@example.com", stop.signal, read);
    const bo = channel.open("playbook-run", "r1", "bo@example.com", stop.signal, read);
    await readUntil(ana.body!, "event: viewers");
    await readUntil(bo.body!, "event: viewers");
    channel.changed("playbook-run", "r1");
    await new Promise((r) => setTimeout(r, 1));
    channel.changed("playbook-run", "r1");
    const seen = await readUntil(ana.body!, 'data: {"version":2}');
    expect(await readUntil(bo.body!, 'data: {"version":2}')).toContain('data: {"version":2}');
    await new Promise((r) => setTimeout(r, 120));
    expect(reads).toBe(2);
    // The late answer to the first change was dropped: the next thing sent is the third change.
    channel.changed("playbook-run", "r1");
    const after = await readUntil(ana.body!, 'data: {"version":3}');
    expect(seen + after).not.toContain('"version":1');
    stop.abort();
    channel.close();
  });

  it("says only that it changed when the record cannot be read, so the page reads it itself", async () => {
    const channel = new RecordChannel(createBus());
    const stop = new AbortController();
    const run = channel.open("incident", "i9", "ana@example.com", stop.signal, async () => {
      throw new Error("database down");
    });
    await readUntil(run.body!, "event: viewers");
    channel.changed("incident", "i9");
    expect(await readUntil(run.body!, "event: changed")).toContain("event: changed\ndata: {}\n\n");
    stop.abort();
    channel.close();
  });

  it("knows who has a record open, and forgets them when they leave", async () => {
    const channel = new RecordChannel(createBus());
    const ana = new AbortController();
    const bo = new AbortController();
    const first = channel.open("incident", "i1", "ana@example.com", ana.signal);
    await readUntil(first.body!, "event: viewers");
    const second = channel.open("incident", "i1", "bo@example.com", bo.signal);
    expect(await readUntil(second.body!, "bo@example.com")).toContain('["ana@example.com","bo@example.com"]');
    expect(channel.viewersOf("incident", "i1")).toEqual(["ana@example.com", "bo@example.com"]);
    bo.abort();
    await new Promise((r) => setTimeout(r, 20));
    expect(channel.viewersOf("incident", "i1")).toEqual(["ana@example.com"]);
    expect(await readUntil(first.body!, '["ana@example.com"]')).toContain('["ana@example.com"]');
    // Someone not heard of since their announcement's end is gone.
    expect(channel.viewersOf("incident", "i1", Date.now() + 60_000)).toEqual([]);
    ana.abort();
    channel.close();
  });
});
