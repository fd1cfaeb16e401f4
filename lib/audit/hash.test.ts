import { describe, expect, it } from "vitest";
import { canonicalJson, GENESIS_HASH, hashRecord } from "./hash";
import type { AuditRecord } from "./schemas";

const base: Omit<AuditRecord, "hash"> = {
  seq: 1,
  eventId: "e1",
  at: "2026-11-23T10:00:00.000Z",
  actorType: "user",
  actorId: "u1",
  actorName: "sre@example.com",
  role: "operator",
  sourceIp: "10.0.0.1",
  userAgent: "ua",
  action: "container.restart",
  target: "shop.api",
  params: { b: 1, a: { d: [1, 2], c: "x" } },
  outcome: "started",
  durationMs: null,
  requestId: "r1",
  runId: "run1",
  message: null,
  prevHash: GENESIS_HASH,
};

describe("audit hashing", () => {
  it("does not depend on key order (jsonb reorders keys)", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: "x" } })).toBe(
      canonicalJson({ a: { c: "x", d: [1, 2] }, b: 1 }),
    );
    expect(hashRecord(base)).toBe(hashRecord({ ...base, params: { a: { c: "x", d: [1, 2] }, b: 1 } }));
  });

  it("changes when any field or the previous hash changes", () => {
    const h = hashRecord(base);
    const edits: Partial<AuditRecord>[] = [
      { actorName: "someone@else" },
      { outcome: "succeeded" },
      { params: { b: 2, a: { d: [1, 2], c: "x" } } },
      { at: "2026-11-23T10:00:00.001Z" },
      { prevHash: "1".repeat(64) },
      { seq: 2 },
      { message: "" },
    ];
    for (const edit of edits) expect(hashRecord({ ...base, ...edit })).not.toBe(h);
  });

  it("distinguishes null from a string 'null'", () => {
    expect(hashRecord({ ...base, target: null })).not.toBe(hashRecord({ ...base, target: "null" }));
  });
});

describe("the fast hash input", () => {
  it("is exactly canonicalJson of the field list, so stored hashes keep verifying", async () => {
    const { createHash } = await import("node:crypto");
    const fields = [
      base.seq,
      base.eventId,
      base.at,
      base.actorType,
      base.actorId,
      base.actorName,
      base.role,
      base.sourceIp,
      base.userAgent,
      base.action,
      base.target,
      base.params ?? null,
      base.outcome,
      base.durationMs,
      base.requestId,
      base.runId,
      base.message,
      base.prevHash,
    ];
    const reference = createHash("sha256").update(canonicalJson(fields)).digest("hex");
    expect(hashRecord(base)).toBe(reference);
    expect(hashRecord({ ...base, params: null, message: 'quote " and \\u2028' })).toBe(
      createHash("sha256")
        .update(canonicalJson(fields.map((f, i) => (i === 11 ? null : i === 16 ? 'quote " and \\u2028' : f))))
        .digest("hex"),
    );
  });
});
