import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createScheduler, type Scheduler } from "./scheduler";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A task that records start times and takes `ms` of (fake or real) time. */
function recorder(ms = 0) {
  const starts: number[] = [];
  let active = 0;
  let maxActive = 0;
  const task = async () => {
    starts.push(Date.now());
    active += 1;
    maxActive = Math.max(maxActive, active);
    await sleep(ms);
    active -= 1;
  };
  return {
    task,
    starts,
    get maxActive() {
      return maxActive;
    },
  };
}

describe("scheduler (fake timers)", () => {
  let scheduler: Scheduler;
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    scheduler?.stop();
    vi.useRealTimers();
  });

  it("runs a key at its interval, clamping intervals under one second", async () => {
    scheduler = createScheduler({ maxConcurrent: 4, random: () => 0.5 });
    const r = recorder();
    scheduler.schedule("a", 10, r.task, 1000);
    await vi.advanceTimersByTimeAsync(10_400);
    expect(r.starts).toEqual([500, 1500, 2500, 3500, 4500, 5500, 6500, 7500, 8500, 9500]);
  });

  it("spreads first runs over the interval (at most 5 s) and applies bounded jitter", async () => {
    const values = [0, 0.25, 0.5, 0.75];
    let i = 0;
    scheduler = createScheduler({ maxConcurrent: 10, random: () => values[i++ % values.length] });
    const rs = values.map(() => recorder());
    rs.forEach((r, k) => scheduler.schedule(`k${k}`, 4000, r.task, 1000));
    await vi.advanceTimersByTimeAsync(3999);
    expect(rs.map((r) => r.starts[0])).toEqual([0, 1000, 2000, 3000]);
    // A long interval still gets its first run within FIRST_RUN_SPREAD_MS of start-up.
    const late = recorder();
    i = 3;
    scheduler.schedule("hourly", 3_600_000, late.task, 1000);
    await vi.advanceTimersByTimeAsync(5000);
    expect(late.starts).toHaveLength(1);

    // Default jitter is ±10%: gaps stay within [0.9, 1.1] of the interval.
    let j = 0;
    const extremes = [0.5, 0, 0.999];
    const jittery = createScheduler({ maxConcurrent: 1, random: () => extremes[Math.min(j++, 2)] });
    const r = recorder();
    jittery.schedule("j", 10_000, r.task, 1000);
    await vi.advanceTimersByTimeAsync(40_000);
    jittery.stop();
    const gaps = r.starts.slice(1).map((s, n) => s - r.starts[n]);
    expect(gaps[0]).toBe(9000);
    expect(gaps.slice(1).every((g) => g > 10_900 && g <= 11_000)).toBe(true);
  });

  it("never overlaps a key with itself and counts the skipped ticks", async () => {
    scheduler = createScheduler({ maxConcurrent: 4, random: () => 0.5 });
    const r = recorder(2500);
    scheduler.schedule("slow", 1000, r.task, 10_000);
    await vi.advanceTimersByTimeAsync(4000);
    expect(r.starts).toEqual([500, 3500]);
    expect(r.maxActive).toBe(1);
    expect(scheduler.stats().skipped).toBe(2);
  });

  it("caps concurrency, queues FIFO and records the wait as lag", async () => {
    const lags: number[] = [];
    scheduler = createScheduler({ maxConcurrent: 2, random: () => 0.99, onLag: (l) => lags.push(l) });
    const order: string[] = [];
    for (const key of ["a", "b", "c", "d"]) {
      scheduler.schedule(
        key,
        60_000,
        async () => {
          order.push(key);
          await sleep(500);
        },
        5000,
      );
    }
    for (const key of ["a", "b", "c", "d"]) scheduler.runNow(key);
    expect(scheduler.stats()).toMatchObject({ running: 2, queued: 2, scheduled: 4 });
    expect(order).toEqual(["a", "b"]);
    await vi.advanceTimersByTimeAsync(500);
    expect(order).toEqual(["a", "b", "c", "d"]);
    expect(lags).toEqual([0, 0, 500, 500]);
    expect(scheduler.stats()).toMatchObject({ lagP99Ms: 500, lagSamples: 4 });
  });

  it("keeps every start's lag since creation in fixed buckets, with count, sum and max", async () => {
    // random 0: every first run is due at once (next ones in 9 minutes); one slot, so each
    // start waits for all the tasks before it.
    scheduler = createScheduler({ maxConcurrent: 1, random: () => 0 });
    const durations: Record<string, number> = { a: 1, b: 3, c: 40, d: 3000, e: 9000, f: 0 };
    const empty = scheduler.stats().lagHistogram;
    expect(empty).toEqual({
      boundsMs: [1, 2, 5, 10, 20, 50, 100, 150, 200, 250, 500, 1000, 2500, 5000],
      counts: new Array(15).fill(0),
      count: 0,
      sumMs: 0,
      maxMs: 0,
    });
    for (const [key, ms] of Object.entries(durations))
      scheduler.schedule(key, 600_000, () => sleep(ms), 60_000);
    await vi.advanceTimersByTimeAsync(13_000);
    // Lags 0, 1, 4, 44, 3044, 12044: <=1 twice, (2,5], (20,50], (2500,5000], and one past 5000.
    const h = scheduler.stats().lagHistogram;
    expect(h.counts).toEqual([2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(h).toMatchObject({ count: 6, sumMs: 15_137, maxMs: 12_044 });
    // Cumulative: later starts add to it (the ring buffer behind lagP99Ms is separate).
    scheduler.runNow("f");
    await vi.advanceTimersByTimeAsync(1);
    const later = scheduler.stats();
    expect(later.lagHistogram.counts[0]).toBe(3);
    expect(later.lagHistogram.count).toBe(7);
    expect(later.lagHistogram.maxMs).toBe(12_044);
    expect(later.lagSamples).toBe(7);
    // stats() hands out copies.
    h.counts[0] = 99;
    expect(scheduler.stats().lagHistogram.counts[0]).toBe(3);
  });

  it("aborts a task past its timeout and frees its slot", async () => {
    scheduler = createScheduler({ maxConcurrent: 1, random: () => 0.99 });
    let aborted: unknown;
    scheduler.schedule(
      "hung",
      60_000,
      (signal) => {
        signal.addEventListener("abort", () => (aborted = signal.reason));
        return new Promise<void>(() => {});
      },
      200,
    );
    const next = recorder();
    scheduler.schedule("next", 60_000, next.task, 1000);
    scheduler.runNow("hung");
    scheduler.runNow("next");
    expect(next.starts).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(next.starts).toEqual([200]);
    expect(String(aborted)).toContain("timed out after 200ms");
    await vi.advanceTimersByTimeAsync(1);
    expect(scheduler.stats()).toMatchObject({ timedOut: 1, running: 0 });
  });

  it("reruns a key asked to run now while in flight, once, after it finishes", async () => {
    scheduler = createScheduler({ maxConcurrent: 4, random: () => 0.99 });
    const r = recorder(300);
    scheduler.schedule("a", 60_000, r.task, 5000);
    scheduler.runNow("a");
    await vi.advanceTimersByTimeAsync(100);
    scheduler.runNow("a");
    scheduler.runNow("a");
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.starts).toEqual([0, 300]);
  });

  it("survives failing tasks and reports them", async () => {
    const errors: string[] = [];
    scheduler = createScheduler({
      maxConcurrent: 1,
      random: () => 0.99,
      onError: (k, e) => errors.push(`${k}: ${(e as Error).message}`),
    });
    scheduler.schedule(
      "throws",
      60_000,
      () => {
        throw new Error("sync");
      },
      1000,
    );
    scheduler.schedule(
      "rejects",
      60_000,
      async () => {
        throw new Error("async");
      },
      1000,
    );
    const ok = recorder();
    scheduler.schedule("ok", 60_000, ok.task, 1000);
    for (const key of ["throws", "rejects", "ok"]) scheduler.runNow(key);
    await vi.advanceTimersByTimeAsync(10);
    expect(errors).toEqual(["throws: sync", "rejects: async"]);
    expect(ok.starts).toHaveLength(1);
  });

  it("unschedule aborts the running task, drops queued runs; stop ends everything", async () => {
    scheduler = createScheduler({ maxConcurrent: 1, random: () => 0.5 });
    let signal: AbortSignal | undefined;
    scheduler.schedule(
      "a",
      1000,
      (s) => {
        signal = s;
        return new Promise<void>(() => {});
      },
      60_000,
    );
    const b = recorder();
    scheduler.schedule("b", 60_000, b.task, 1000);
    await vi.advanceTimersByTimeAsync(500);
    scheduler.runNow("b");
    expect(scheduler.stats().queued).toBe(1);
    scheduler.unschedule("a");
    expect(signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(b.starts).toEqual([500]);

    scheduler.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(b.starts).toEqual([500]);
    expect(scheduler.stats()).toMatchObject({ scheduled: 0, running: 0, queued: 0 });
  });
});

describe("scheduler (real timers)", () => {
  it("keeps running other keys on time while one task is slow", async () => {
    const scheduler = createScheduler({ maxConcurrent: 4, random: () => 0 });
    const slow = recorder(2500);
    const fast = recorder(10);
    scheduler.schedule("slow", 1000, slow.task, 10_000);
    scheduler.schedule("fast", 1000, fast.task, 10_000);
    await sleep(2000);
    const stats = scheduler.stats();
    scheduler.stop();
    // Fast runs at ~0, ~900 and ~1800ms while the slow one is still in its first run.
    expect(slow.starts).toHaveLength(1);
    expect(fast.starts.length).toBeGreaterThanOrEqual(3);
    expect(stats.skipped).toBeGreaterThanOrEqual(1);
    expect(stats.lagP99Ms).toBeLessThan(500);
  });
});

describe("scheduler concurrency cap changes", () => {
  it("starts queued tasks at once when the cap grows", async () => {
    vi.useFakeTimers();
    const s = createScheduler({ maxConcurrent: 1, random: () => 0 });
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 500));
      running--;
    };
    for (const k of ["a", "b", "c"]) s.schedule(k, 10_000, task, 5_000);
    await vi.advanceTimersByTimeAsync(10);
    expect(s.stats().running).toBe(1);
    s.setMaxConcurrent(3);
    await vi.advanceTimersByTimeAsync(10);
    expect(s.stats().running).toBe(3);
    expect(peak).toBe(3);
    s.stop();
    vi.useRealTimers();
  });
});
