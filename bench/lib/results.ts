import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** The shape every bench/results/*.json file has, so runs on different machines compare. */
export interface Figure {
  value: number;
  unit: string;
}

export interface BenchResult {
  benchmark: string;
  machine: { cpus: number; cpuModel: string; memGb: number; node: string; os: string };
  date: string;
  figures: Record<string, Figure>;
  params: Record<string, unknown>;
}

export const BENCH_DIR = path.resolve(import.meta.dirname, "..");
export const ROOT_DIR = path.resolve(BENCH_DIR, "..");

export function machineInfo(): BenchResult["machine"] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    memGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function writeResult(
  benchmark: string,
  figures: Record<string, Figure>,
  params: Record<string, unknown>,
  /** File name without .json; defaults to the benchmark name. */
  fileName = benchmark,
): string {
  const result: BenchResult = {
    benchmark,
    machine: machineInfo(),
    date: new Date().toISOString(),
    figures,
    params,
  };
  const dir = path.join(BENCH_DIR, "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${fileName}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** Prints a figure next to its target (if it has one) so a miss is obvious in the terminal too. */
export function report(name: string, figure: Figure, target?: { max: number }): boolean {
  const pass = target === undefined || figure.value < target.max;
  const verdict = target === undefined ? "" : `target < ${target.max}  ${pass ? "PASS" : "FAIL"}`;
  console.log(`${name.padEnd(12)} ${String(figure.value).padStart(8)} ${figure.unit.padEnd(4)} ${verdict}`);
  return pass;
}
