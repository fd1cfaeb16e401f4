import "server-only";
import { stat } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import { getDb } from "@/lib/infra/db";
import { clientAddress } from "@/lib/infra/client-address";
import { env } from "@/lib/infra/env";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import { processSingleton } from "@/lib/infra/process-registry";
import type { HealthState } from "@/lib/probes/types";
import { getRuntime, onConfigApplied } from "@/lib/monitor/runtime";
import { startOutbox } from "@/lib/outbox/runtime";
import { nodeStatusHandler } from "./node-handler";
import { StatusPublisher } from "./publisher";
import { SnapshotStore } from "./store";
import { statusNotifier, statusSiteOrigin, statusSubscriptionRoutes } from "./subscriptions/runtime";

/**
 * The process's status pages: the store every web process serves from (loaded from the folder,
 * reloaded when another process publishes), and the publisher, which runs beside the monitor.
 */

/** The caller's address (behind a trusted proxy, the one it names), for rate limits. */
export function clientIpOf(headers: Headers): string {
  return clientAddress((name) => headers.get(name), env().trustedProxies) ?? "unknown";
}

/** How often a process that does not publish looks for a new publication in the folder. */
const RELOAD_MS = 500;

/**
 * The published pages as this process serves them, loaded from the folder on first use. A
 * process that does not publish (OPSDECK_ROLE web or status) reloads the folder when its
 * manifest changes, so it needs neither the database nor Redis to follow the publisher.
 */
export function statusStore(): { store: SnapshotStore; ready: Promise<void> } {
  return processSingleton(
    "status-store",
    () => {
      const store = new SnapshotStore();
      const dir = env().statusDir;
      const ready = store.load(dir).then(() => undefined);
      let timer: ReturnType<typeof setInterval> | undefined;
      if (env().OPSDECK_ROLE === "web" || env().OPSDECK_ROLE === "status") {
        let seen = 0;
        timer = setInterval(() => {
          void stat(path.join(dir, "manifest.json"))
            .then((s) => {
              if (s.mtimeMs === seen) return;
              seen = s.mtimeMs;
              return store.load(dir);
            })
            .catch(() => undefined); // nothing published yet, or mid-swap: look again next time
        }, RELOAD_MS);
        timer.unref?.();
      }
      return { store, ready, timer };
    },
    (s) => clearInterval(s.timer),
  );
}

/** Lets scripts/server.mjs answer /status itself, before Next (see node-handler.ts). */
export async function registerStatusHandler(): Promise<void> {
  const { store, ready } = statusStore();
  await ready;
  const trusted = env().trustedProxies;
  (globalThis as Record<symbol, unknown>)[Symbol.for("opsdeck.statusHandler")] = nodeStatusHandler(
    store,
    (req) => clientAddress((name) => headerOf(req, name), trusted) ?? "unknown",
    statusSubscriptionRoutes(store),
  );
}

function headerOf(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : (value ?? null);
}

export function statusPublisher(): StatusPublisher {
  return processSingleton(
    "status-publisher",
    () => {
      const runtime = getRuntime();
      const e = env();
      const notifier = statusNotifier();
      return new StatusPublisher({
        dir: e.statusDir,
        store: statusStore().store,
        siteOrigin: statusSiteOrigin,
        config: () => runtime.watcher?.current() ?? null,
        catalog: () => runtime.engine.currentCatalog(),
        health: () => {
          const map = new Map<string, HealthState>();
          for (const s of runtime.engine.snapshot().services) map.set(s.id, s.status);
          return map;
        },
        windows: () => runtime.engine.maintenanceWindows(),
        db: getDb,
        onSnapshots: (changes) => notifier.published(changes),
        onError: (error) =>
          log.warn("status page: publishing with what was read last", { error: shortErrorMessage(error) }),
      });
    },
    (p) => p.stop(),
  );
}

/**
 * Starts publishing beside the monitor: on health, incident, maintenance and config changes; and
 * the outbox worker that delivers what subscribers are told (lib/startup.ts may start it itself
 * once other channels use it: starting twice is harmless).
 */
export async function startStatusPublisher(): Promise<void> {
  startOutbox();
  const { ready } = statusStore();
  await ready;
  const publisher = statusPublisher();
  const runtime = getRuntime();
  runtime.bus.subscribe((event) => {
    if (event.type === "service") publisher.request();
    else if (event.type === "record.changed" && (event.kind === "incident" || event.kind === "maintenance"))
      publisher.request();
  });
  onConfigApplied(() => publisher.request());
  publisher.start();
}
