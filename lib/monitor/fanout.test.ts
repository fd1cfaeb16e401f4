import { describe, expect, it } from "vitest";
import type { BusEvent, BusHandler } from "./bus";
import { createFanout } from "./fanout";

function fakeBus() {
  const handlers = new Set<BusHandler>();
  return {
    subscribe(h: BusHandler) {
      handlers.add(h);
      return () => void handlers.delete(h);
    },
    emit(e: BusEvent) {
      for (const h of handlers) h(e);
    },
    subscribers: () => handlers.size,
  };
}

/** A manual scheduler: flush() runs what the fanout deferred. */
function manualDefer() {
  const queue: (() => void)[] = [];
  return {
    defer: (fn: () => void) => void queue.push(fn),
    flush: () => queue.splice(0).forEach((fn) => fn()),
  };
}

const text = (chunk: Uint8Array) => new TextDecoder().decode(chunk);

describe("health stream fan-out", () => {
  it("sends the events of one turn as one chunk, in order, the same bytes to every stream", () => {
    const bus = fakeBus();
    const tick = manualDefer();
    const fanout = createFanout(bus, tick.defer);
    const a: Uint8Array[] = [];
    const b: Uint8Array[] = [];
    fanout.join((c) => a.push(c));
    fanout.join((c) => b.push(c));
    bus.emit({ type: "check", id: "api/http", to: "down" });
    bus.emit({ type: "service", id: "api", to: "down" });
    expect(a).toEqual([]);
    tick.flush();
    expect(a).toHaveLength(1);
    expect(b[0]).toBe(a[0]);
    expect(text(a[0])).toBe(
      'event: change\ndata: {"type":"check","id":"api/http","to":"down"}\n\n' +
        'event: change\ndata: {"type":"service","id":"api","to":"down"}\n\n',
    );
    bus.emit({ type: "service", id: "api", to: "up" });
    tick.flush();
    expect(a.map(text)).toHaveLength(2);
    expect(text(a[1])).toContain('"to":"up"');
  });

  it("stops sending to a stream that left, and unsubscribes from the bus when the last one leaves", () => {
    const bus = fakeBus();
    const tick = manualDefer();
    const fanout = createFanout(bus, tick.defer);
    const a: Uint8Array[] = [];
    const b: Uint8Array[] = [];
    const leaveA = fanout.join((c) => a.push(c));
    const leaveB = fanout.join((c) => b.push(c));
    expect(bus.subscribers()).toBe(1);
    leaveA();
    bus.emit({ type: "service", id: "api", to: "down" });
    tick.flush();
    expect([a.length, b.length]).toEqual([0, 1]);
    leaveB();
    leaveB();
    expect([bus.subscribers(), fanout.listeners()]).toEqual([0, 0]);
    // A new stream subscribes again.
    fanout.join((c) => a.push(c));
    bus.emit({ type: "service", id: "api", to: "up" });
    tick.flush();
    expect([bus.subscribers(), a.length]).toEqual([1, 1]);
  });

  it("keeps delivering to the other streams when one throws", () => {
    const bus = fakeBus();
    const tick = manualDefer();
    const fanout = createFanout(bus, tick.defer);
    const got: Uint8Array[] = [];
    fanout.join(() => {
      throw new Error("closed");
    });
    fanout.join((c) => got.push(c));
    bus.emit({ type: "service", id: "api", to: "down" });
    tick.flush();
    expect(got).toHaveLength(1);
  });
});
