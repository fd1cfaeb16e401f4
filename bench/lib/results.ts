import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The shape every bench/results/*.json file has, so runs on different machines compare.
 * Every figure is measured in at least three independent runs (a fresh console, database and
 * load each time): `value` is the median of the runs, `min`/`max` their spread, `runs` how many
 * there were and `samples` each run's value in order.
 */
export interface Figure {
  value: number;
  unit: string;
  min: number;
  max: number;
  runs: number;
  samples: number[];
  /** The target it is judged by, if it has one ("< 250 ms", ">= 5000 records/s"). */
  target?: string;
  pass?: boolean;
}

/** One run's measurement of one figure. */
export interface RunFigure {
  value: number;
  unit: string;
}
export type RunFigures = Record<string, RunFigure>;

export interface Target {
  /** The figure must be below this... */
  max?: number;
  /** ...or at least this. */
  min?: number;
}

export interface BenchResult {
  benchmark: string;
  machine: { cpus: number; cpuModel: string; memGb: number; node: string; os: string; loadAvg: number[] };
  date: string;
  /** Wall time of the whole command, all runs. */
  durationS: number;
  figures: Record<string, Figure>;
  params: Record<string, unknown>;
  /** Per run: its figures and anything the benchmark recorded about it (states, counts). */
  runs: { figures: RunFigures; details?: Record<string, unknown> }[];
}

export const BENCH_DIR = path.resolve(import.meta.dirname, "..");
export const ROOT_DIR = path.resolve(BENCH_DIR, "..");

/** Runs per figure: 3 by default; fewer is allowed for trying a change, and the result says so. */
export const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));

const started = performance.now();
const loadAtStart = os.loadavg().map((l) => round(l, 2));

export function machineInfo(): BenchResult["machine"] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    memGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAvg: loadAtStart,
  };
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** The median: the middle value, or the mean of the two middle values of an even count. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export interface RunRecord {
  figures: RunFigures;
  details?: Record<string, unknown>;
}

/**
 * Runs `once` RUNS times (each must start and stop everything it measures) and collects the
 * figures. A run that throws stops the benchmark: a figure from fewer runs than asked is not
 * reported as if it had them.
 */
export async function repeatRuns(once: (run: number) => Promise<RunRecord>): Promise<RunRecord[]> {
  const runs: RunRecord[] = [];
  for (let i = 0; i < RUNS; i++) {
    console.log(`\n=== run ${i + 1} of ${RUNS} ===`);
    const record = await once(i);
    for (const [name, f] of Object.entries(record.figures))
      console.log(`run ${i + 1}: ${name.padEnd(18)} ${String(f.value).padStart(10)} ${f.unit}`);
    runs.push(record);
  }
  return runs;
}

function describeTarget(t: Target, unit: string): string {
  return t.max !== undefined ? `< ${t.max} ${unit}` : `>= ${t.min} ${unit}`;
}

function meets(value: number, t: Target): boolean {
  if (!Number.isFinite(value)) return false;
  if (t.max !== undefined && !(value < t.max)) return false;
  if (t.min !== undefined && !(value >= t.min)) return false;
  return true;
}

/** Median, min and max of each figure over the runs; every run must report the same figures. */
export function aggregate(
  runs: readonly RunRecord[],
  targets: Record<string, Target> = {},
): Record<string, Figure> {
  const names = Object.keys(runs[0]?.figures ?? {});
  const out: Record<string, Figure> = {};
  for (const name of names) {
    const values = runs.map((r, i) => {
      const f = r.figures[name];
      if (!f) throw new Error(`run ${i + 1} did not report ${name}`);
      return f.value;
    });
    const unit = runs[0].figures[name].unit;
    const value = round(median(values), 2);
    const figure: Figure = {
      value,
      unit,
      min: Math.min(...values),
      max: Math.max(...values),
      runs: values.length,
      samples: values,
    };
    const t = targets[name];
    if (t) {
      figure.target = describeTarget(t, unit);
      figure.pass = meets(value, t);
    }
    out[name] = figure;
  }
  return out;
}

/**
 * Writes bench/results/<fileName>.json and prints each figure with its spread and verdict.
 * Returns whether every figure with a target met it (and there were at least three runs).
 */
export function finish(
  benchmark: string,
  runs: readonly RunRecord[],
  targets: Record<string, Target>,
  params: Record<string, unknown>,
  /** File name without .json; defaults to the benchmark name. */
  fileName = benchmark,
): boolean {
  const figures = aggregate(runs, targets);
  const result: BenchResult = {
    benchmark,
    machine: machineInfo(),
    date: new Date().toISOString(),
    durationS: round((performance.now() - started) / 1000),
    figures,
    params,
    runs: runs.map((r) => ({ figures: r.figures, ...(r.details ? { details: r.details } : {}) })),
  };
  const dir = path.join(BENCH_DIR, "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${fileName}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n${benchmark}: median of ${runs.length} run(s) [min .. max]`);
  let pass = true;
  for (const [name, f] of Object.entries(figures)) {
    const verdict = f.target ? `target ${f.target}  ${f.pass ? "PASS" : "MISS"}` : "";
    if (f.pass === false) pass = false;
    console.log(
      `${name.padEnd(18)} ${String(f.value).padStart(10)} ${f.unit.padEnd(9)} [${f.min} .. ${f.max}]  ${verdict}`,
    );
  }
  if (runs.length < 3) {
    console.log(`only ${runs.length} run(s): not a result (BENCH_RUNS >= 3 for one)`);
    pass = false;
  }
  console.log(`wrote ${file}`);
  return pass;
}
