import { formatConfigError, parseConfig } from "@/lib/catalog/load-config";
import type { OpsdeckConfig } from "@/lib/catalog/schemas";
import type { Db } from "@/lib/infra/db";
import { createBus, type Bus } from "@/lib/monitor/bus";
import { MonitorEngine } from "@/lib/monitor/engine";
import { createResultWriter, type ResultWriter } from "@/lib/monitor/persist";
import type { MapSnapshot } from "@/lib/monitor/snapshot";
import type { StateChange } from "@/lib/monitor/types";
import { dockerHost, waitFor } from "./docker";
import { scratchPostgres } from "./scratch-db";

/**
 * A MonitorEngine wired like the runtime does (in-memory bus, bounded writer) for integration
 * tests, plus a migrated scratch database for the writer.
 */

export type ServiceView = MapSnapshot["services"][number];
export type ReceivedChange = StateChange & { receivedAt: number };

export function config(yaml: string): OpsdeckConfig {
  const parsed = parseConfig(yaml, "engine-test.yml");
  if (!parsed.ok) throw new Error(parsed.errors.map(formatConfigError).join("\n"));
  return parsed.config;
}

export { migrate, prismaFor } from "./scratch-db";

/** Creates and migrates a throwaway database on the shared test server; `drop` removes it. */
export async function scratchDatabase(adminUrl: string) {
  const scratch = await scratchPostgres("opsdeck_engine", adminUrl);
  return { ...scratch, url: scratch.url! };
}

export interface EngineHarness {
  engine: MonitorEngine;
  bus: Bus;
  writer: ResultWriter;
  /** Every StateChange published on the bus since start, with the time it arrived. */
  changes: ReceivedChange[];
  service(id: string): ServiceView | undefined;
  waitForService(
    id: string,
    ok: (s: ServiceView) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<ServiceView>;
  waitForChange(
    ok: (c: ReceivedChange) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<ReceivedChange>;
  stop(): Promise<void>;
}

export function startEngine(opts: {
  config: OpsdeckConfig;
  getDb: () => Promise<Db>;
  dockerHost?: string;
  flushEveryMs?: number;
  maxQueued?: number;
}): EngineHarness {
  const bus = createBus();
  const writer = createResultWriter({
    getDb: opts.getDb,
    maxQueued: opts.maxQueued ?? 10_000,
    flushEveryMs: opts.flushEveryMs ?? 300,
  });
  const engine = new MonitorEngine({ dockerHost: opts.dockerHost ?? dockerHost(), bus, writer });
  const changes: ReceivedChange[] = [];
  const unsubscribe = bus.subscribe((event) => {
    if (event.type === "check" || event.type === "service" || event.type === "stack")
      changes.push({ ...(event as StateChange), receivedAt: Date.now() });
  });
  engine.start(opts.config);
  const service = (id: string) => engine.snapshot().services.find((s) => s.id === id);
  const describe = (id: string) => {
    const s = service(id);
    return s ? `${s.status}: ${s.reason}${s.impactedBy ? ` [${s.impactedBy.reason}]` : ""}` : "absent";
  };
  return {
    engine,
    bus,
    writer,
    changes,
    service,
    async waitForService(id, ok, what, timeoutMs = 10_000) {
      try {
        return await waitFor(
          () => {
            const s = service(id);
            return s && ok(s) ? s : undefined;
          },
          what,
          { timeoutMs, intervalMs: 25 },
        );
      } catch {
        throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}; ${id} is ${describe(id)}`);
      }
    },
    waitForChange: (ok, what, timeoutMs = 10_000) =>
      waitFor(() => changes.find(ok), what, { timeoutMs, intervalMs: 10 }),
    async stop() {
      unsubscribe();
      engine.stop();
      await writer.stop();
      await bus.close();
    },
  };
}
