import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit/schemas";
import type { Catalog } from "@/lib/catalog/types";
import type { Db } from "@/lib/infra/db";
import { IncidentService } from "@/lib/incidents/service";
import { DEFAULT_SEVERITIES } from "@/lib/incidents/severity";
import { configWindows } from "@/lib/maintenance/config-windows";
import type { HealthState } from "@/lib/probes/types";
import { StatusPublisher } from "@/lib/status-page/publisher";
import { serveStatus } from "@/lib/status-page/serve";
import { SnapshotStore } from "@/lib/status-page/store";
import { config } from "../support/engine";
import { scratchPostgres, type ScratchDb } from "../support/scratch-db";

/**
 * Nothing internal ever reaches a status page. A configuration full of internal details
 * (hostnames, addresses, container ids, images, environment values, internal URLs, check error
 * text, notes, owners, internal incident titles) is published, and every file the publisher
 * wrote (its own inventory: pages, components, JSON, feeds, badges, assets) plus the password
 * form is searched for every internal string, collected from the configuration and the records
 * themselves rather than listed by hand.
 */

const ENV = {
  PAYMENTS_TOKEN: "tok_live_9f8e7d6c5b4a",
  DB_URL: "postgres://app:hunter2-secret@db-primary.internal.acme.net:5432/payments",
};
const NOW = Date.now();
const iso = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();

const yaml = `
version: 1
settings: { discoverContainers: false }
stacks:
  - { id: acme-prod-eu-west-1, name: "acme prod cluster eu-west-1a" }
services:
  - id: payments-api-7f9c
    name: payments-api.svc.cluster.local
    stack: acme-prod-eu-west-1
    owner: oncall-payments@acme.internal
    description: "Kubernetes deployment payments-api in namespace pay-core"
    tags: [pci-zone-b, team-ledger]
    publicComponent: Payments
    checks:
      - id: health-internal
        kind: http
        url: "http://10.20.30.40:8443/internal/healthz?token=\${env.PAYMENTS_TOKEN}"
        headers: { Authorization: "Bearer \${env.PAYMENTS_TOKEN}" }
        expect: ["status == 200"]
  - id: ledger-db-primary
    name: db-primary.internal.acme.net
    stack: acme-prod-eu-west-1
    owner: dba-team@acme.internal
    checks:
      - { id: pg-primary, kind: postgres, url: "\${env.DB_URL}" }
maintenance:
  - id: ledger-upgrade-window
    title: Scheduled database upgrade
    description: Payments may be slow for a few minutes.
    notes: "run pg_upgrade on db-primary.internal.acme.net, ticket OPS-44721, call +1-555-0100"
    owner: dba-lead@acme.internal
    services: [ledger-db-primary]
    start: "${iso(3_600_000)}"
    duration: 30m
statusPages:
  - id: public
    title: Acme status
    description: How Acme's services are doing.
    components:
      - { name: Payments, description: Card payments and refunds, services: [payments-api-7f9c] }
      - name: Storage
        components:
          - { name: Ledger, services: [ledger-db-primary] }
`;

const INTERNAL_INCIDENT = {
  title: "pgbouncer on db-primary.internal.acme.net refuses connections (max_client_conn)",
  summary: "Root cause: max_client_conn=100 on pgbouncer-2 at 10.20.30.41",
  note: "Restarted container 3f9a2b7c1d0e of image registry.acme.internal/pay/api:2.14.1",
};
const REASON = "connection refused: 10.20.30.40:8443 (ECONNREFUSED) after 3 tries";
const CONTAINER = {
  id: "3f9a2b7c1d0e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
  name: "acme-prod_payments-api_1",
  image: "registry.acme.internal/pay/api:2.14.1",
};

let scratch: ScratchDb;
let dir: string;
const store = new SnapshotStore();
const cfg = config(yaml.replace(/\$\{env\.(\w+)\}/g, (_, k: string) => ENV[k as keyof typeof ENV]));

beforeAll(async () => {
  scratch = await scratchPostgres("opsdeck_status_leaks");
  dir = await mkdtemp(path.join(os.tmpdir(), "opsdeck-status-leaks-"));
}, 60_000);

afterAll(async () => {
  await scratch?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Every string leaf of a value, with where it was. */
function strings(value: unknown, at = ""): { at: string; text: string }[] {
  if (typeof value === "string") return [{ at, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k));
  return [];
}

describe("the status page's leak scan", () => {
  it("publishes nothing internal in any file it serves", async () => {
    const db = scratch.db as unknown as Db;
    const actor: Actor = {
      type: "user",
      id: "u1",
      name: "ana.sre@acme.internal",
      role: "operator",
      requestId: "r1",
    };
    const incidents = new IncidentService({
      db: async () => db,
      severities: () => DEFAULT_SEVERITIES,
      dependencies: () => [],
    });
    const open = await incidents.declare(actor, {
      title: INTERNAL_INCIDENT.title,
      severity: "P1",
      services: ["payments-api-7f9c", "ledger-db-primary"],
      summary: INTERNAL_INCIDENT.summary,
    });
    await incidents.record(actor, open.id, { text: INTERNAL_INCIDENT.note, visibility: "internal" });
    await incidents.record(actor, open.id, {
      text: "Card payments are failing for some customers.",
      visibility: "public",
    });
    await scratch.db.stateChange.create({
      data: {
        scope: "service",
        entityId: "payments-api-7f9c",
        serviceId: "payments-api-7f9c",
        fromState: "up",
        toState: "down",
        reason: REASON,
        at: new Date(NOW - 3_600_000),
      },
    });

    const catalog: Catalog = {
      stacks: cfg.stacks.map((s) => ({ id: s.id, name: s.name ?? s.id })),
      services: cfg.services.map((s) => ({
        id: s.id,
        name: s.name ?? s.id,
        stackId: s.stack ?? "default",
        kind: "external",
        owner: s.owner,
        tags: s.tags,
        description: s.description,
        publicComponent: s.publicComponent,
        checks: s.checks,
        actions: s.actions,
        containers: [
          { ...CONTAINER, state: "running" } as unknown as Catalog["services"][number]["containers"][number],
        ],
        origin: "config",
      })),
      edges: [],
      settings: cfg.settings,
    };
    const publisher = new StatusPublisher({
      dir: path.join(dir, "status"),
      store,
      siteOrigin: () => "https://status.acme.com",
      config: () => cfg,
      catalog: () => catalog,
      health: () =>
        new Map<string, HealthState>([
          ["payments-api-7f9c", "down"],
          ["ledger-db-primary", "degraded"],
        ]),
      windows: () => configWindows(cfg),
      db: async () => db,
    });
    await publisher.publishNow();
    expect(publisher.status().lastError).toBeNull();

    // The inventory: every file published, and the protected page's form.
    const files = [...(await listPublished(store))];
    expect(files).toEqual(
      expect.arrayContaining([
        "public/index.html",
        "public/status.json",
        "public/feed.atom",
        "public/badge.svg",
      ]),
    );
    const bodies = files.map((f) => ({ file: f, text: store.get(f)!.body.toString("utf8") }));

    // What may show: the status page's own config, and the window's public title and description.
    const publicTexts = new Set([
      ...strings(cfg.statusPages).map((s) => s.text),
      // A window's title, description and times are what the page announces.
      ...cfg.maintenance.flatMap((w) => [w.title, w.description ?? "", w.start ?? "", w.end ?? ""]),
      "Card payments are failing for some customers.",
    ]);
    const internal = [
      ...strings({ services: cfg.services, stacks: cfg.stacks, maintenance: cfg.maintenance }),
      ...strings({
        env: ENV,
        incident: INTERNAL_INCIDENT,
        reason: REASON,
        container: CONTAINER,
        actor: actor.name,
      }),
    ].filter((s) => s.text.length >= 6 && !publicTexts.has(s.text) && !/^status == \d+$/.test(s.text));
    expect(internal.length).toBeGreaterThan(20);

    const leaks: string[] = [];
    for (const { file, text } of bodies) {
      const lower = text.toLowerCase();
      for (const s of internal)
        if (lower.includes(s.text.toLowerCase())) leaks.push(`${file}: ${s.at} "${s.text}"`);
      for (const ip of text.match(/\b\d{1,3}(\.\d{1,3}){3}\b/g) ?? [])
        leaks.push(`${file}: an IP address ${ip}`);
      if (/acme\.internal|\.internal\b|svc\.cluster|hunter2|tok_live/i.test(text))
        leaks.push(`${file}: an internal name`);
    }
    expect(leaks).toEqual([]);

    // And the scan is not vacuous: the public side is there.
    const page = bodies.find((b) => b.file === "public/index.html")!.text;
    expect(page).toContain("Acme status");
    expect(page).toContain("Card payments are failing for some customers.");
    expect(page).toContain("Scheduled database upgrade");
    expect(page).toContain("Ledger");
    const form = serveStatus(store, { method: "GET", path: "nope", headers: { get: () => null } });
    expect(String(form.body)).not.toMatch(/acme\.internal|10\.20/);
  });
});

async function listPublished(s: SnapshotStore): Promise<string[]> {
  const fresh = new SnapshotStore();
  await fresh.load(path.join(dir, "status"));
  const names: string[] = [];
  // The store has no listing by design (it serves by path); the folder is the inventory.
  const { readdir } = await import("node:fs/promises");
  const walk = async (prefix: string): Promise<void> => {
    for (const e of await readdir(path.join(dir, "status", prefix), { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(rel);
      else if (rel !== "manifest.json") names.push(rel);
    }
  };
  await walk("");
  expect(names.every((n) => fresh.get(n) && s.get(n))).toBe(true);
  return names;
}
