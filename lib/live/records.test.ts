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
