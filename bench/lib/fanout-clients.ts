import { fork, type ChildProcess } from "node:child_process";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { connectSse, type SseClient, type SseEvent } from "./sse";

/**
 * SSE clients for the fan-out benchmark, held in child processes so that reading 1,000 streams
 * is spread over more than one event loop and the bench's own CPU is visible apart from the
 * console's. Each child connects its share of clients (GET /api/v1/stream with a session
 * cookie) and, per change, reports when each of its clients received the matching `change`
 * event, as epoch milliseconds (`performance.timeOrigin + performance.now()` at the moment the
 * stream's chunk was read), comparable with the parent's clock. Each child also reports its CPU
 * time and event-loop delay while changes were being delivered: a busy client loop would stamp
 * late, so these show whether the bench itself limited the figure.
 */

export interface ClientSpec {
  url: string;
  cookie: string;
  /** Which replica (index), reported back with each arrival. */
  replica: number;
}

type ToChild =
  | { type: "connect"; clients: ClientSpec[]; batch: number }
  | { type: "clock" }
  | { type: "arm"; seq: number; id: string; to: string; timeoutMs: number }
  | { type: "measure"; on: boolean }
  | { type: "close" };

type FromChild =
  | { type: "connected"; count: number; perReplica: Record<number, number> }
  | { type: "clock"; at: number }
  | { type: "armed"; seq: number }
  | { type: "arrivals"; seq: number; at: number[]; replicas: number[]; cpuMs: number }
  | { type: "measured"; cpuS: number; wallS: number; loopDelayP99Ms: number; loopDelayMaxMs: number }
  | { type: "error"; message: string };

const epoch = (performanceNow: number) => performance.timeOrigin + performanceNow;

// ---------------------------------------------------------------- child side

async function childMain() {
  const clients: { sse: SseClient; replica: number }[] = [];
  const send = (m: FromChild) => process.send!(m);
  let measuring: { cpu: NodeJS.CpuUsage; t0: number; loop: ReturnType<typeof monitorEventLoopDelay> } | null =
    null;
  process.on("message", (m: ToChild) => {
    void (async () => {
      try {
        switch (m.type) {
          case "connect": {
            for (let i = 0; i < m.clients.length; i += m.batch) {
              const batch = m.clients.slice(i, i + m.batch);
              const opened = await Promise.all(
                batch.map(async (c) => ({ sse: await connectSse(c.url, c.cookie), replica: c.replica })),
              );
              clients.push(...opened);
            }
            const perReplica: Record<number, number> = {};
            for (const c of clients) perReplica[c.replica] = (perReplica[c.replica] ?? 0) + 1;
            send({ type: "connected", count: clients.length, perReplica });
            break;
          }
          case "clock":
            send({ type: "clock", at: epoch(performance.now()) });
            break;
          case "arm": {
            const match = (e: SseEvent) => {
              if (e.event !== "change") return false;
              const c = JSON.parse(e.data) as { type: string; id: string; to: string };
              return c.type === "service" && c.id === m.id && c.to === m.to;
            };
            const waits = clients.map((c) => c.sse.next(match, m.timeoutMs));
            const cpu = process.cpuUsage();
            send({ type: "armed", seq: m.seq });
            const events = await Promise.all(waits).catch((error: unknown) => {
              throw new Error(`change ${m.seq} (${m.to}) did not reach every client: ${String(error)}`);
            });
            const used = process.cpuUsage(cpu);
            send({
              type: "arrivals",
              seq: m.seq,
              at: events.map((e) => epoch(e.receivedAt)),
              replicas: clients.map((c) => c.replica),
              cpuMs: (used.user + used.system) / 1000,
            });
            break;
          }
          case "measure":
            if (m.on) {
              const loop = monitorEventLoopDelay({ resolution: 10 });
              loop.enable();
              measuring = { cpu: process.cpuUsage(), t0: performance.now(), loop };
            } else if (measuring) {
              const cpu = process.cpuUsage(measuring.cpu);
              measuring.loop.disable();
              send({
                type: "measured",
                cpuS: (cpu.user + cpu.system) / 1e6,
                wallS: (performance.now() - measuring.t0) / 1000,
                loopDelayP99Ms: measuring.loop.percentile(99) / 1e6,
                loopDelayMaxMs: measuring.loop.max / 1e6,
              });
              measuring = null;
            }
            break;
          case "close":
            for (const c of clients) c.sse.close();
            process.exit(0);
        }
      } catch (error) {
        send({ type: "error", message: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
}

// ---------------------------------------------------------------- parent side

export interface ClientProcess {
  pid: number;
  count: number;
  perReplica: Record<number, number>;
}

export interface ChangeArrivals {
  /** Epoch ms per client, all children together. */
  at: number[];
  replicas: number[];
  /** Per client process: CPU ms it used from arming until its last client had the change. */
  cpuMs: number[];
}

export interface ClientMeasure {
  pid: number;
  cpuS: number;
  wallS: number;
  /** CPU time over wall time, % of one core. */
  cpuPct: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export interface ClientPool {
  processes: ClientProcess[];
  /** Each child's clock minus the parent's (should be ~0: both read the system clock), and the round trip. */
  clock(): Promise<{ pid: number; offsetMs: number; roundTripMs: number }[]>;
  /** Sets every client waiting for `id`'s change to `to`; resolves once all wait. `collect` gives the arrivals. */
  arm(id: string, to: string, timeoutMs: number): Promise<{ collect: () => Promise<ChangeArrivals> }>;
  measure(on: true): Promise<void>;
  measure(on: false): Promise<ClientMeasure[]>;
  close(): Promise<void>;
}

interface Child {
  proc: ChildProcess;
  waiters: {
    match: (m: FromChild) => boolean;
    resolve: (m: FromChild) => void;
    reject: (e: Error) => void;
  }[];
}

function request<T extends FromChild>(child: Child, msg: ToChild | null, match: (m: FromChild) => boolean) {
  return new Promise<T>((resolve, reject) => {
    child.waiters.push({ match, resolve: (m) => resolve(m as T), reject });
    if (msg) child.proc.send(msg);
  });
}

/** Forks `processes` children and connects `clients` to them in contiguous shares. */
export async function startClientPool(
  clients: ClientSpec[],
  processes: number,
  batch = 20,
): Promise<ClientPool> {
  const children: Child[] = [];
  const stop = () => {
    for (const c of children) c.proc.kill("SIGKILL");
  };
  try {
    for (let i = 0; i < processes; i++) {
      // Inherits the parent's execArgv, so tsx's loader runs this .ts file too.
      const proc = fork(import.meta.filename, ["--fanout-child"], {
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      const child: Child = { proc, waiters: [] };
      proc.on("message", (m: FromChild) => {
        if (m.type === "error") {
          for (const w of child.waiters.splice(0))
            w.reject(new Error(`client process ${proc.pid}: ${m.message}`));
          return;
        }
        const i = child.waiters.findIndex((w) => w.match(m));
        if (i >= 0) child.waiters.splice(i, 1)[0].resolve(m);
      });
      proc.on("exit", (code) => {
        for (const w of child.waiters.splice(0))
          w.reject(new Error(`client process ${proc.pid} exited (${code})`));
      });
      children.push(child);
    }
    const share = Math.ceil(clients.length / processes);
    const connected = await Promise.all(
      children.map((c, i) =>
        request<Extract<FromChild, { type: "connected" }>>(
          c,
          { type: "connect", clients: clients.slice(i * share, (i + 1) * share), batch },
          (m) => m.type === "connected",
        ),
      ),
    );
    let seq = 0;
    const pool: ClientPool = {
      processes: children.map((c, i) => ({
        pid: c.proc.pid!,
        count: connected[i].count,
        perReplica: connected[i].perReplica,
      })),
      async clock() {
        const out = [];
        for (const c of children) {
          let best = { offsetMs: 0, roundTripMs: Infinity };
          for (let k = 0; k < 5; k++) {
            const t0 = performance.timeOrigin + performance.now();
            const m = await request<Extract<FromChild, { type: "clock" }>>(
              c,
              { type: "clock" },
              (x) => x.type === "clock",
            );
            const t1 = performance.timeOrigin + performance.now();
            if (t1 - t0 < best.roundTripMs) best = { offsetMs: m.at - (t0 + t1) / 2, roundTripMs: t1 - t0 };
          }
          out.push({ pid: c.proc.pid!, ...best });
        }
        return out;
      },
      async arm(id, to, timeoutMs) {
        const s = ++seq;
        const results = children.map((c) =>
          request<Extract<FromChild, { type: "arrivals" }>>(
            c,
            null,
            (m) => m.type === "arrivals" && m.seq === s,
          ),
        );
        // A rejection before collect() is awaited must not go unhandled.
        for (const r of results) r.catch(() => {});
        await Promise.all(
          children.map((c) =>
            request(c, { type: "arm", seq: s, id, to, timeoutMs }, (m) => m.type === "armed" && m.seq === s),
          ),
        );
        return {
          async collect() {
            const all = await Promise.all(results);
            return {
              at: all.flatMap((r) => r.at),
              replicas: all.flatMap((r) => r.replicas),
              cpuMs: all.map((r) => r.cpuMs),
            };
          },
        };
      },
      async measure(on: boolean) {
        if (on) {
          for (const c of children) c.proc.send({ type: "measure", on: true } satisfies ToChild);
          return;
        }
        const all = await Promise.all(
          children.map((c) =>
            request<Extract<FromChild, { type: "measured" }>>(
              c,
              { type: "measure", on: false },
              (m) => m.type === "measured",
            ),
          ),
        );
        return all.map((m, i) => ({
          pid: children[i].proc.pid!,
          cpuS: m.cpuS,
          wallS: m.wallS,
          cpuPct: (m.cpuS / m.wallS) * 100,
          loopDelayP99Ms: m.loopDelayP99Ms,
          loopDelayMaxMs: m.loopDelayMaxMs,
        }));
      },
      async close() {
        await Promise.all(
          children.map(
            (c) =>
              new Promise<void>((resolve) => {
                if (c.proc.exitCode !== null || c.proc.signalCode !== null) return resolve();
                const timer = setTimeout(() => c.proc.kill("SIGKILL"), 5000);
                c.proc.once("exit", () => {
                  clearTimeout(timer);
                  resolve();
                });
                c.proc.send({ type: "close" } satisfies ToChild);
              }),
          ),
        );
      },
    } as ClientPool;
    return pool;
  } catch (error) {
    stop();
    throw error;
  }
}

if (process.argv.includes("--fanout-child") && process.send) void childMain();
