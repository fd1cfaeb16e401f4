import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ActionLocks } from "@/lib/actions/locks";
import { RunRegistry } from "@/lib/actions/run-state";
import { ActionService } from "@/lib/actions/service";
import { AuditWriter } from "@/lib/audit/writer";
import type { Actor } from "@/lib/audit/schemas";
import type { Role } from "@/lib/auth/roles";
import type { Catalog, CatalogService } from "@/lib/catalog/types";
import { configSchema } from "@/lib/catalog/schemas";
import type { DockerGateway } from "@/lib/infra/docker";
import type { Db } from "@/lib/infra/db";

export function actorFor(role: Role, name = `${role}@test.local`): Actor {
  return {
    type: "user",
    id: `id-${role}`,
    name,
    role,
    ip: "127.0.0.1",
    userAgent: "vitest",
    requestId: `req-${Date.now()}`,
  };
}

/** A catalog of the given services in one stack, with actions enabled unless told otherwise. */
export function catalogOf(
  services: Partial<CatalogService>[],
  settings: Record<string, unknown> = {},
): Catalog {
  const parsed = configSchema.parse({ version: 1, settings: { actions: { enabled: true }, ...settings } });
  return {
    stacks: [{ id: "shop", name: "shop" }],
    services: services.map((s) => ({
      id: "svc",
      name: s.id ?? "svc",
      stackId: "shop",
      kind: "container",
      tags: [],
      checks: [],
      actions: [],
      containers: [],
      origin: "config",
      ...s,
    })) as CatalogService[],
    edges: [],
    settings: parsed.settings,
  };
}

export interface ActionHarness {
  service: ActionService;
  writer: AuditWriter;
  runs: RunRegistry;
  locks: ActionLocks;
  dataDir: string;
  setCatalog(c: Catalog): void;
  close(): Promise<void>;
}

/** The real ActionService over a database, a journal in a temp folder and a Docker gateway. */
export async function actionHarness(opts: {
  db: () => Promise<Db>;
  docker: DockerGateway;
  catalog: Catalog;
  redisUrl?: string;
  journalFile?: string;
  dbTimeoutMs?: number;
}): Promise<ActionHarness> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "opsdeck-actions-"));
  let catalog = opts.catalog;
  const writer = new AuditWriter({
    db: opts.db,
    journalFile: opts.journalFile ?? path.join(dataDir, "audit-journal.jsonl"),
    dbTimeoutMs: opts.dbTimeoutMs ?? 3000,
    drainIntervalMs: 200,
  });
  const runs = new RunRegistry(opts.db, () => catalog.settings.actions.maxOutputBytes);
  const locks = new ActionLocks({ db: opts.db, redisUrl: opts.redisUrl });
  const service = new ActionService({
    catalog: () => catalog,
    deps: () => ({ docker: opts.docker, dataDir, env: {} }),
    audit: writer,
    locks,
    runs,
  });
  return {
    service,
    writer,
    runs,
    locks,
    dataDir,
    setCatalog: (c) => (catalog = c),
    async close() {
      writer.close();
      await locks.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The real gateway, counting the calls that reach it (to prove that refused requests never do). */
export function countingGateway(inner: DockerGateway): { gateway: DockerGateway; calls: string[] } {
  const calls: string[] = [];
  // The gateway is frozen, so wrap each operation in a new object rather than proxying it.
  const gateway = Object.fromEntries(
    Object.entries(inner).map(([name, fn]) => [
      name,
      (...args: unknown[]) => {
        calls.push(name);
        return (fn as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  ) as unknown as DockerGateway;
  return { gateway, calls };
}
