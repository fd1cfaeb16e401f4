import "server-only";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { GENESIS_HASH } from "./hash";
import { WORKER_SOURCE } from "./verify-worker-source";
import type { VerifyResult } from "./verify";

interface RangeResult {
  checked: number;
  firstPrevHash: string | null;
  lastHash: string | null;
  broken?: { seq: number; reason: string };
}

/**
 * Verification split over worker threads: each checks the hashes and links inside its own seq
 * range, and the links between ranges are checked here. The first broken record is the lowest
 * seq any check names. Used on Postgres for large logs; hashing a million records is CPU-bound.
 */
export async function verifyInParallel(
  pgUrl: string,
  maxSeq: number,
  started: number,
): Promise<VerifyResult> {
  const workers = Math.max(2, Math.min(os.availableParallelism(), 4));
  const size = Math.ceil(maxSeq / workers);
  const pgModule = createRequire(path.join(process.cwd(), "package.json")).resolve("pg");
  const ranges = Array.from({ length: workers }, (_, i) => ({
    lo: i * size + 1,
    hi: Math.min(maxSeq, (i + 1) * size),
  })).filter((r) => r.lo <= r.hi);
  const results = await Promise.all(ranges.map((r) => runRange(pgUrl, pgModule, r.lo, r.hi)));
  let checked = 0;
  let prevHash: string | null = GENESIS_HASH;
  for (let i = 0; i < results.length; i++) {
    const r = results[i];
    const broken = (seq: number, reason: string): VerifyResult => ({
      ok: false,
      checked: seq - 1,
      headSeq: seq - 1,
      firstBroken: { seq, reason },
      ms: Math.round(performance.now() - started),
    });
    // The link into this range is checked before anything inside it.
    if (r.firstPrevHash !== null && r.firstPrevHash !== prevHash)
      return broken(
        ranges[i].lo,
        "its previous-hash link does not match the record before it (a record was removed or inserted)",
      );
    if (r.broken) return broken(r.broken.seq, r.broken.reason);
    checked += r.checked;
    prevHash = r.lastHash;
  }
  return { ok: true, checked, headSeq: maxSeq, ms: Math.round(performance.now() - started) };
}

function runRange(url: string, pgModule: string, lo: number, hi: number): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { url, lo, hi, pgModule } });
    worker.once("message", (m: { ok: boolean; result?: RangeResult; error?: string }) => {
      void worker.terminate();
      if (m.ok && m.result) resolve(m.result);
      else reject(new Error(`audit verification worker failed: ${m.error}`));
    });
    worker.once("error", reject);
  });
}
