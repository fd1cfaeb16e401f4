import "server-only";
import { MemoryCounterStore, RedisCounterStore } from "@/lib/auth/rate-limit";
import { loadConfigFile } from "@/lib/catalog/load-config";
import type { OpsdeckConfig } from "@/lib/catalog/schemas";
import { getDb } from "@/lib/infra/db";
import { configEnv, env } from "@/lib/infra/env";
import { processSingleton } from "@/lib/infra/process-registry";
import { authSecret } from "@/lib/infra/secret";
import { getRuntime } from "@/lib/monitor/runtime";
import { nudgeOutbox } from "@/lib/outbox/runtime";
import type { SubscriptionRoutes } from "../serve";
import type { SnapshotStore } from "../store";
import type { PublicSnapshot } from "../types";
import type { SubscriptionDeps } from "./deps";
import { SignupLimiter } from "./limits";
import { StatusNotifier } from "./notifier";
import { pagePolicy } from "./policy";
import { subscriptionRoutes } from "./routes";

/**
 * The process's subscription routes (every process that serves /status and has a database) and
 * its notifier (beside the publisher). The status-only process has neither: its subscription
 * routes answer 503.
 */

/** Where links in feeds and messages point: configured, never a request's Host. */
export function statusSiteOrigin(): string {
  const e = env();
  return new URL(e.OPSDECK_STATUS_URL ?? e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`).origin;
}

let fileCache: { at: number; config: Promise<OpsdeckConfig | null> } | null = null;

/** The config in effect: the monitor's, or (a web replica) the file's, read at most every 5 s. */
async function configNow(): Promise<OpsdeckConfig | null> {
  const live = getRuntime().watcher?.current();
  if (live) return live;
  if (!fileCache || Date.now() - fileCache.at > 5000)
    fileCache = {
      at: Date.now(),
      config: loadConfigFile(env().configPath, configEnv()).then((r) => (r.ok ? r.config : null)),
    };
  return fileCache.config;
}

/** The page's published snapshot, parsed once per publication. */
function snapshotReader(store: SnapshotStore): (pageId: string) => PublicSnapshot | null {
  const cache = new Map<string, { etag: string; snapshot: PublicSnapshot }>();
  return (pageId) => {
    const file = store.get(`${pageId}/status.json`);
    if (!file) return null;
    const hit = cache.get(pageId);
    if (hit?.etag === file.etag) return hit.snapshot;
    const snapshot = JSON.parse(file.body.toString("utf8")) as PublicSnapshot;
    cache.set(pageId, { etag: file.etag, snapshot });
    return snapshot;
  };
}

function subscriptionDeps(store: SnapshotStore): SubscriptionDeps {
  const url = env().REDIS_URL;
  return {
    db: getDb,
    policy: async (pageId) => pagePolicy(await configNow(), pageId),
    snapshot: snapshotReader(store),
    siteOrigin: statusSiteOrigin,
    secret: authSecret,
    limiter: new SignupLimiter(url ? RedisCounterStore.connect(url) : new MemoryCounterStore()),
    onEnqueued: nudgeOutbox,
  };
}

/** null in the status-only process, which has no database. */
export function statusSubscriptionRoutes(store: SnapshotStore): SubscriptionRoutes | null {
  if (env().OPSDECK_ROLE === "status") return null;
  return processSingleton("status-subscriptions", () => subscriptionRoutes(subscriptionDeps(store)));
}

export function statusNotifier(): StatusNotifier {
  return processSingleton(
    "status-notifier",
    () =>
      new StatusNotifier({
        db: getDb,
        policy: async (pageId) => pagePolicy(await configNow(), pageId),
        siteOrigin: statusSiteOrigin,
        secret: authSecret,
        onEnqueued: nudgeOutbox,
      }),
    (n) => n.idle(),
  );
}
