/**
 * Runs keyed periodic tasks (one per check) under a global concurrency cap.
 * Timers are plain setTimeout so tests can drive them with fake timers.
 */

export type ScheduledTask = (signal: AbortSignal) => Promise<void>;

export interface SchedulerOptions {
  maxConcurrent: number;
  /** Each interval is stretched or shrunk by up to this share, so checks drift apart. */
  jitterRatio?: number;
  now?: () => number;
  /** Random source in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
  /** Called with every start's lag (actual start - intended start), e.g. for a metric. */
  onLag?: (lagMs: number) => void;
  /** Tasks should handle their own errors; this only sees what escaped. */
  onError?: (key: string, error: unknown) => void;
}

export interface SchedulerStats {
  scheduled: number;
  running: number;
  queued: number;
  /** Ticks dropped because the previous run of the same key was still going. */
  skipped: number;
  timedOut: number;
  /** p99 of the last 1,024 starts' lag (a recent view: at 200 starts/s, about five seconds). */
  lagP99Ms: number;
  lagSamples: number;
  /** Every start's lag since the scheduler was created, in fixed buckets (see LagHistogram). */
  lagHistogram: LagHistogram;
}

/**
 * Upper bounds (ms, inclusive) of the lag histogram's buckets; a last bucket takes the rest
 * (+inf). Finer between 100 and 250 ms, where the capacity target (p99 < 250 ms) is judged.
 */
export const LAG_BUCKET_BOUNDS_MS: readonly number[] = [
  1, 2, 5, 10, 20, 50, 100, 150, 200, 250, 500, 1000, 2500, 5000,
];

/**
 * Cumulative since start, so a reader can take two copies and subtract them to get the lag of
 * every start in between (a bench window, a scrape interval), however many there were.
 */
export interface LagHistogram {
  /** LAG_BUCKET_BOUNDS_MS. */
  boundsMs: number[];
  /**
   * Starts per bucket (not cumulative over buckets): counts[i] holds lags in
   * (boundsMs[i-1], boundsMs[i]] (counts[0]: <= boundsMs[0]); the last entry, counts[boundsMs.length], those above the last bound.
   */
  counts: number[];
  count: number;
  sumMs: number;
  maxMs: number;
}

export interface Scheduler {
  /** (Re)schedules `key`; intervals under 1s are raised to 1s. */
  schedule(key: string, intervalMs: number, task: ScheduledTask, timeoutMs: number): void;
  unschedule(key: string): void;
  /** Runs `key` as soon as a slot is free (e.g. on a Docker event); reruns after a run in flight. */
  runNow(key: string): void;
  /** Changes the global cap (config reload); queued tasks start at once if it grew. */
  setMaxConcurrent(n: number): void;
  /** When `key` runs next (epoch ms) and how often, for "next run" on the service page. */
  planOf(key: string): { nextAt: number; intervalMs: number } | undefined;
  stop(): void;
  stats(): SchedulerStats;
}

export const MIN_INTERVAL_MS = 1000;
export const FIRST_RUN_SPREAD_MS = 5000;
const LAG_BUFFER_SIZE = 1024;

interface Entry {
  key: string;
  intervalMs: number;
  timeoutMs: number;
  task: ScheduledTask;
  timer?: ReturnType<typeof setTimeout>;
  nextAt: number;
  /** Intended start of the queued run; undefined when not queued. */
  queuedAt?: number;
  run?: { controller: AbortController; timeout: ReturnType<typeof setTimeout> };
  rerun: boolean;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  let maxConcurrent = Math.max(1, Math.floor(options.maxConcurrent));
  const jitterRatio = Math.min(Math.max(options.jitterRatio ?? 0.1, 0), 0.5);
  const now = options.now ?? (() => Date.now());
  const random = options.random ?? Math.random;
  const entries = new Map<string, Entry>();
  const queue: Entry[] = [];
  const lags: number[] = [];
  let lagIndex = 0;
  const lagCounts: number[] = new Array(LAG_BUCKET_BOUNDS_MS.length + 1).fill(0);
  let lagCount = 0;
  let lagSum = 0;
  let lagMax = 0;
  let running = 0;
  let skipped = 0;
  let timedOut = 0;

  function recordLag(lag: number) {
    if (lags.length < LAG_BUFFER_SIZE) lags.push(lag);
    else lags[lagIndex] = lag;
    lagIndex = (lagIndex + 1) % LAG_BUFFER_SIZE;
    let bucket = 0;
    while (bucket < LAG_BUCKET_BOUNDS_MS.length && lag > LAG_BUCKET_BOUNDS_MS[bucket]) bucket += 1;
    lagCounts[bucket] += 1;
    lagCount += 1;
    lagSum += lag;
    if (lag > lagMax) lagMax = lag;
    options.onLag?.(lag);
  }

  function arm(entry: Entry) {
    entry.timer = setTimeout(() => tick(entry), Math.max(0, entry.nextAt - now()));
  }

  function tick(entry: Entry) {
    if (entries.get(entry.key) !== entry) return;
    const intended = entry.nextAt;
    const jitter = entry.intervalMs * jitterRatio * (random() * 2 - 1);
    // Schedule from the intended time to avoid drift, but never try to catch up on missed ticks.
    entry.nextAt = Math.max(intended + entry.intervalMs + jitter, now() + 1);
    arm(entry);
    if (entry.run || entry.queuedAt !== undefined) skipped += 1;
    else enqueue(entry, intended);
  }

  function enqueue(entry: Entry, intendedAt: number) {
    entry.queuedAt = intendedAt;
    queue.push(entry);
    pump();
  }

  function pump() {
    while (running < maxConcurrent && queue.length > 0) start(queue.shift()!);
  }

  function start(entry: Entry) {
    const intendedAt = entry.queuedAt!;
    entry.queuedAt = undefined;
    running += 1;
    recordLag(Math.max(0, now() - intendedAt));
    const controller = new AbortController();
    const timeout = setTimeout(() => {
      timedOut += 1;
      controller.abort(new Error(`timed out after ${entry.timeoutMs}ms`));
      finish(entry, run);
    }, entry.timeoutMs);
    const run = { controller, timeout };
    entry.run = run;
    let promise: Promise<void>;
    try {
      promise = Promise.resolve(entry.task(controller.signal));
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.catch((error) => options.onError?.(entry.key, error)).finally(() => finish(entry, run));
  }

  /** Frees the slot once per run: on completion, timeout or unschedule, whichever comes first. */
  function finish(entry: Entry, run: NonNullable<Entry["run"]>) {
    if (entry.run !== run) return;
    clearTimeout(run.timeout);
    entry.run = undefined;
    running -= 1;
    if (entry.rerun && entries.get(entry.key) === entry) {
      entry.rerun = false;
      enqueue(entry, now());
    }
    pump();
  }

  function unschedule(key: string) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    clearTimeout(entry.timer);
    const index = queue.indexOf(entry);
    if (index >= 0) queue.splice(index, 1);
    if (entry.run) {
      const run = entry.run;
      run.controller.abort(new Error("unscheduled"));
      finish(entry, run);
    }
  }

  return {
    schedule(key, intervalMs, task, timeoutMs) {
      unschedule(key);
      const interval = Math.max(MIN_INTERVAL_MS, intervalMs);
      // First run spread (over one interval, at most 5 s) so a restart does not fire every check
      // at once, yet nobody stares at "unknown" for a whole interval after start-up.
      const spread = Math.min(interval, FIRST_RUN_SPREAD_MS);
      const entry: Entry = {
        key,
        intervalMs: interval,
        timeoutMs: Math.max(1, timeoutMs),
        task,
        nextAt: now() + random() * spread,
        rerun: false,
      };
      entries.set(key, entry);
      arm(entry);
    },
    unschedule,
    setMaxConcurrent(n) {
      maxConcurrent = Math.max(1, Math.floor(n));
      pump();
    },
    planOf(key) {
      const entry = entries.get(key);
      return entry && { nextAt: entry.nextAt, intervalMs: entry.intervalMs };
    },
    runNow(key) {
      const entry = entries.get(key);
      if (!entry || entry.queuedAt !== undefined) return;
      if (entry.run) entry.rerun = true;
      else enqueue(entry, now());
    },
    stop() {
      for (const key of [...entries.keys()]) unschedule(key);
    },
    stats() {
      const sorted = [...lags].sort((a, b) => a - b);
      const p99 = sorted.length === 0 ? 0 : sorted[Math.ceil(sorted.length * 0.99) - 1];
      return {
        scheduled: entries.size,
        running,
        queued: queue.length,
        skipped,
        timedOut,
        lagP99Ms: p99,
        lagSamples: lags.length,
        lagHistogram: {
          boundsMs: [...LAG_BUCKET_BOUNDS_MS],
          counts: [...lagCounts],
          count: lagCount,
          sumMs: lagSum,
          maxMs: lagMax,
        },
      };
    },
  };
}
