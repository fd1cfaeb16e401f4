import { afterEach, describe, expect, it, vi } from "vitest";
import type { AuditInput } from "./schemas";
import { RefusalFolder } from "./refusal-fold";

const refusal = (name: string, target = "/api/v1/map"): AuditInput => ({
  actor: { type: "user", name, ip: "203.0.113.9", requestId: Math.random().toString(36) },
  action: "read",
  target,
  outcome: "denied",
  message: "not signed in: sign in first",
});

describe("folding identical refusals", () => {
  afterEach(() => vi.useRealTimers());

  it("writes the first at once and the count of the rest when the window closes; nothing is dropped", async () => {
    vi.useFakeTimers();
    const written: AuditInput[] = [];
    const folder = new RefusalFolder(async (e) => void written.push(e), 60_000);
    for (let i = 0; i < 500; i++) await folder.record(refusal("anonymous"));
    await folder.record(refusal("anonymous", "/api/v1/runs")); // another target: its own record
    await folder.record(refusal("viewer@x")); // another actor: its own record
    expect(written.map((e) => [e.actor.name, e.target])).toEqual([
      ["anonymous", "/api/v1/map"],
      ["anonymous", "/api/v1/runs"],
      ["viewer@x", "/api/v1/map"],
    ]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(written).toHaveLength(4);
    expect(written[3]).toMatchObject({
      target: "/api/v1/map",
      outcome: "denied",
      params: { repeated: 499 },
      message: "not signed in: sign in first (the same refusal 499 more times within 60 s)",
    });
    // A new window starts with a record of its own.
    await folder.record(refusal("anonymous"));
    expect(written).toHaveLength(5);
  });

  it("writes pending counts when the process stops", async () => {
    const written: AuditInput[] = [];
    const folder = new RefusalFolder(async (e) => void written.push(e), 60_000);
    await folder.record(refusal("anonymous"));
    await folder.record(refusal("anonymous"));
    await folder.flush();
    expect(written.map((e) => (e.params as { repeated?: number } | undefined)?.repeated)).toEqual([
      undefined,
      1,
    ]);
  });
});
