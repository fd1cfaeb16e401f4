import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalJson, GENESIS_HASH, hashRecord } from "./hash";
import { HASH_SOURCE } from "./verify-worker-source";
import type { AuditRecord } from "./schemas";

// The worker's hash, evaluated from its source text as the worker evaluates it.
const worker = new Function("require", `${HASH_SOURCE}; return { hashRecord };`)(require) as {
  hashRecord: (r: unknown) => string;
};

function record(i: number, extra: Partial<AuditRecord> = {}): Omit<AuditRecord, "hash"> {
  return {
    seq: i,
    eventId: `e-${i}`,
    at: new Date(1_795_000_000_000 + i).toISOString(),
    actorType: "user",
    actorId: i % 2 ? `u${i}` : null,
    actorName: `sre${i}@example.com`,
    role: i % 3 ? "operator" : null,
    sourceIp: "10.0.0.1",
    userAgent: 'Mozilla/5.0 "quoted" \\ back\u2028slash',
    action: "container.restart",
    target: i % 5 ? "shop.api" : null,
    params: i % 4 ? { z: [1, { b: 2, a: "x" }], a: null, n: 1.5, ключ: "значение" } : null,
    outcome: "started",
    durationMs: i % 2 ? 12 : null,
    requestId: "r",
    runId: null,
    message: i % 7 ? null : "line\nbreak",
    prevHash: GENESIS_HASH,
    ...extra,
  };
}

describe("the verification worker's hash", () => {
  it("is lib/audit/hash.ts's own function run from its source, field for field", () => {
    expect(HASH_SOURCE).toContain("function hashRecord");
    for (let i = 1; i <= 200; i++) {
      const r = record(i);
      expect(worker.hashRecord(r)).toBe(hashRecord(r));
    }
    // Key order inside params never changes a hash (jsonb reorders keys).
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });
});

describe("the verification worker's source under tsx (npm run audit:verify)", () => {
  it("evaluates on its own although tsx keeps function names with esbuild's __name helper", () => {
    const root = path.resolve(__dirname, "..", "..");
    const probe = `
      import { makeHasher } from "./lib/audit/hash";
      import { WORKER_SOURCE, HASH_SOURCE } from "./lib/audit/verify-worker-source";
      const usesName = makeHasher.toString().includes("__name(");
      // Everything the worker defines before main() runs, in a scope with only require.
      const head = WORKER_SOURCE.slice(0, WORKER_SOURCE.indexOf("async function main"));
      const { hashRecord } = new Function("require", head.replace(/^.*workerData.pgModule.*$/m, "") + "; return { hashRecord };")(require);
      new Function("require", HASH_SOURCE)(require);
      console.log(JSON.stringify({ usesName, hash: hashRecord({ seq: 1, prevHash: "0" }).length }));
    `;
    const out = execFileSync(
      process.execPath,
      [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "--conditions=react-server", "-e", probe],
      { cwd: root, encoding: "utf8" },
    );
    const result = JSON.parse(out.trim().split("\n").pop()!) as { usesName: boolean; hash: number };
    // The case this guards: under tsx the factory's source does call __name.
    expect(result).toEqual({ usesName: true, hash: 64 });
  });
});
