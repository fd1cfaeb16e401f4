import { describe, expect, it } from "vitest";
import type { WindowDef } from "@/lib/maintenance/types";
import type { StateSegment } from "@/lib/monitor/history";
import type { HealthState } from "@/lib/probes/types";
import { resolvePages } from "./derive";
import { statusPageSchema } from "./schemas";
import { buildSnapshot, publicIncidentId, type IncidentInput, type SnapshotInput } from "./snapshot";

/**
 * What the public status page publishes: the page's own components, public incident updates and
 * maintenance titles, and nothing of the console's internals (service ids, notes, owners, reasons).
 */

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = t("2025-06-10T12:00:00Z");

// Service ids that must never reach the public: they name hosts, ports and clusters.
const DB = "db-primary.internal:5432";
const API = "api-blue.svc.cluster.local:8080";
const WEB = "web-7f9c.internal";
const SHOP = "shop-svc.internal";
const PAY = "payments-gw.internal:9443";
const OFF_PAGE = "billing-batch.internal";

const [page] = resolvePages(
  [
    statusPageSchema.parse({
      id: "acme",
      title: "Acme status",
      description: "Live status of Acme",
      logo: "/assets/acme.svg",
      accent: "#2563eb",
      components: [
        { name: "API", description: "Public REST API", services: [DB, API] },
        { id: "web", name: "Website", services: [WEB] },
        {
          name: "Storefront",
          components: [
            { name: "Shop", services: [SHOP] },
            { name: "Checkout", services: [PAY] },
          ],
        },
      ],
    }),
  ],
  [],
);

const services: SnapshotInput["services"] = [
  { id: DB, stackId: "core-data-stack", tags: ["tier-0-secret"] },
  { id: API, stackId: "api-stack-prod", tags: [] },
  { id: WEB, stackId: "web-stack-prod", tags: [] },
  { id: SHOP, stackId: "shop-stack-prod", tags: ["pci-zone-3"] },
  { id: PAY, stackId: "shop-stack-prod", tags: ["pci-zone-3"] },
  { id: OFF_PAGE, stackId: "batch-stack", tags: ["nightly-only"] },
];

function snapshot(input: Partial<SnapshotInput> = {}) {
  return buildSnapshot(page, {
    now,
    health: new Map<string, HealthState>(services.map((s) => [s.id, "up"])),
    services,
    incidents: [],
    windows: [],
    segments: new Map(),
    ...input,
  });
}

const health = (down: Record<string, HealthState>) =>
  new Map<string, HealthState>(services.map((s) => [s.id, down[s.id] ?? "up"]));

type Update = IncidentInput["updates"][number];
const update = (at: string, text: string, extra: Partial<Update> = {}): Update => ({
  at,
  text,
  status: "investigating",
  ...extra,
});

const incident = (
  fields: Partial<IncidentInput> & Pick<IncidentInput, "number" | "services">,
): IncidentInput => ({
  key: `incident-${fields.number}`,
  status: "investigating",
  defaultImpact: "major_outage",
  declaredAt: iso(now - 2 * HOUR),
  resolvedAt: null,
  updates: [update(iso(now - 2 * HOUR), "We are looking into it.")],
  ...fields,
});

function win(id: string, scope: Partial<WindowDef["scope"]>, start: number, end: number | null): WindowDef {
  return {
    id: `config:${id}`,
    source: "config",
    title: `Planned work ${id}`,
    description: `Short interruptions possible (${id}).`,
    notes: `Fail over to ${DB} first; page @oncall-dba on 555-0100`,
    owner: "alice.sre@corp.example",
    scope: { services: [], stacks: [], tags: [], ...scope },
    timing: { kind: "once", start, end },
    playbook: "pb-db-failover-internal",
    announceMs: null,
    endedAt: null,
    cancelledAt: null,
  };
}

const statuses = (s: ReturnType<typeof snapshot>) =>
  Object.fromEntries(
    s.components.flatMap((c) => [c, ...(c.children ?? [])]).map((c) => [c.id, c.status] as const),
  );

describe("the page's components", () => {
  it("are the page's ids and names, in its order, with statuses from health", () => {
    const s = snapshot({ health: health({ [DB]: "down", [SHOP]: "down" }) });
    expect(s.version).toBe(1);
    expect(s.page).toEqual({
      id: "acme",
      title: "Acme status",
      description: "Live status of Acme",
      logoUrl: "/assets/acme.svg",
      accent: "#2563eb",
      timeZone: "UTC",
    });
    expect(s.generatedAt).toBe("2025-06-10T12:00:00.000Z");
    expect(s.components.map((c) => [c.id, c.name, c.description])).toEqual([
      ["api", "API", "Public REST API"],
      ["web", "Website", undefined],
      ["storefront", "Storefront", undefined],
    ]);
    expect(s.components[2].children?.map((c) => [c.id, c.name])).toEqual([
      ["shop", "Shop"],
      ["checkout", "Checkout"],
    ]);
    // One of API's two services down; Shop's only service down makes the group a major outage.
    expect(statuses(s)).toEqual({
      api: "partial_outage",
      web: "operational",
      storefront: "major_outage",
      shop: "major_outage",
      checkout: "operational",
    });
    expect(s.overall).toEqual({ status: "major_outage", text: "Major outage" });
  });

  it("have 90 days of uptime, a group's from its children", () => {
    const segments = new Map<string, StateSegment[]>([
      [
        SHOP,
        [
          { state: "up", reason: "HTTP 200", from: t("2025-06-09T00:00:00Z"), to: t("2025-06-09T10:00:00Z") },
          {
            state: "down",
            reason: "HTTP 503",
            from: t("2025-06-09T10:00:00Z"),
            to: t("2025-06-09T11:00:00Z"),
          },
          { state: "up", reason: "HTTP 200", from: t("2025-06-09T11:00:00Z"), to: now },
        ],
      ],
      [PAY, [{ state: "up", reason: "HTTP 200", from: t("2025-06-09T00:00:00Z"), to: now }]],
    ]);
    const [api, , storefront] = snapshot({ segments }).components;
    expect(storefront.uptime.days).toHaveLength(90);
    const day = storefront.uptime.days.find((d) => d.date === "2025-06-09");
    expect(day).toMatchObject({ uptime: 95.833, worst: "major_outage", majorMs: HOUR, partialMs: 0 });
    // 1 h lost of the 36 h known.
    expect(storefront.uptime.percent).toBe(97.222);
    expect(api.uptime.percent).toBeNull();
  });
});

describe("incidents", () => {
  it("do not appear at all without a public update, nor change any status", () => {
    const s = snapshot({ incidents: [incident({ number: 7, services: [WEB], updates: [] })] });
    expect(s.incidents).toEqual([]);
    expect(s.history).toEqual([]);
    expect(statuses(s).web).toBe("operational");
    expect(s.overall.status).toBe("operational");
    expect(s.components.every((c) => c.uptime.days.every((d) => d.incidents.length === 0))).toBe(true);
  });

  it("take their title from the newest update that has one", () => {
    const s = snapshot({
      incidents: [
        incident({
          number: 12,
          services: [WEB],
          updates: [
            update("2025-06-10T11:00:00Z", "Fix deployed.", { status: "monitoring" }),
            update("2025-06-10T10:00:00Z", "Looking.", { title: "Website slow" }),
            update("2025-06-10T10:30:00Z", "Found it.", {
              title: "Website slow in Europe",
              status: "identified",
            }),
          ],
        }),
      ],
    });
    expect(s.incidents[0].title).toBe("Website slow in Europe");
    expect(s.incidents[0].updates.map((u) => u.text)).toEqual(["Fix deployed.", "Found it.", "Looking."]);
  });

  it("are titled '<impact>: <components>' when no update gives a title", () => {
    const s = snapshot({
      incidents: [incident({ number: 13, services: [PAY, DB], defaultImpact: "partial_outage" })],
    });
    expect(s.incidents[0]).toMatchObject({
      id: publicIncidentId("incident-13"),
      title: "Partial outage: API, Checkout",
      components: ["api", "checkout"],
    });
  });

  it("take their impact from the newest update that has one, else the default", () => {
    const s = snapshot({
      incidents: [
        incident({
          number: 20,
          services: [WEB],
          defaultImpact: "major_outage",
          updates: [
            update("2025-06-10T10:00:00Z", "Down.", { impact: "major_outage" }),
            update("2025-06-10T11:00:00Z", "Recovering.", { impact: "degraded_performance" }),
            update("2025-06-10T11:30:00Z", "Still recovering."),
          ],
        }),
        incident({ number: 21, services: [SHOP], defaultImpact: "partial_outage" }),
      ],
    });
    const impact = Object.fromEntries(s.incidents.map((i) => [i.id, i.impact]));
    expect(impact).toEqual({
      [publicIncidentId("incident-20")]: "degraded_performance",
      [publicIncidentId("incident-21")]: "partial_outage",
    });
  });

  it("override their components' status and the page's overall while open, better or worse than health", () => {
    const s = snapshot({
      health: health({ [DB]: "down", [API]: "down" }),
      incidents: [
        incident({
          number: 30,
          services: [DB],
          declaredAt: "2025-06-10T09:00:00Z",
          updates: [update("2025-06-10T09:05:00Z", "Mostly recovered.", { impact: "degraded_performance" })],
        }),
        incident({
          number: 31,
          services: [PAY],
          declaredAt: "2025-06-10T10:00:00Z",
          updates: [update("2025-06-10T10:05:00Z", "Payments fail.", { impact: "major_outage" })],
        }),
      ],
    });
    expect(statuses(s)).toEqual({
      api: "degraded_performance",
      web: "operational",
      storefront: "major_outage",
      shop: "operational",
      checkout: "major_outage",
    });
    expect(s.overall).toEqual({ status: "major_outage", text: "Major outage" });
    expect(s.incidents.map((i) => i.id)).toEqual([
      publicIncidentId("incident-31"),
      publicIncidentId("incident-30"),
    ]);
  });

  it("say they were resolved when the last public update did not", () => {
    const resolvedAt = "2025-06-10T11:00:00Z";
    const s = snapshot({
      incidents: [
        incident({
          number: 40,
          services: [WEB],
          status: "resolved",
          declaredAt: "2025-06-10T09:00:00Z",
          resolvedAt,
          updates: [update("2025-06-10T09:05:00Z", "Investigating.")],
        }),
        incident({
          number: 41,
          services: [WEB],
          status: "resolved",
          declaredAt: "2025-06-10T08:00:00Z",
          resolvedAt: "2025-06-10T08:30:00Z",
          updates: [
            update("2025-06-10T08:05:00Z", "Investigating."),
            update("2025-06-10T08:30:00Z", "All good again.", { status: "resolved" }),
          ],
        }),
      ],
    });
    expect(s.incidents).toEqual([]);
    expect(statuses(s).web).toBe("operational");
    const [first, second] = s.history;
    expect(first).toMatchObject({ id: publicIncidentId("incident-40"), status: "resolved", resolvedAt });
    expect(first.updates).toEqual([
      { at: resolvedAt, status: "resolved", text: "This incident has been resolved." },
      { at: "2025-06-10T09:05:00Z", status: "investigating", text: "Investigating." },
    ]);
    expect(second.updates.map((u) => u.text)).toEqual(["All good again.", "Investigating."]);
  });

  it("go to history only when resolved within the last 90 days, newest first", () => {
    const resolved = (number: number, daysAgo: number) =>
      incident({
        number,
        services: [WEB],
        status: "resolved",
        declaredAt: iso(now - daysAgo * DAY - HOUR),
        resolvedAt: iso(now - daysAgo * DAY),
        updates: [update(iso(now - daysAgo * DAY - HOUR), "Investigating.")],
      });
    const s = snapshot({
      incidents: [resolved(50, 100), resolved(51, 30), resolved(52, 89), resolved(53, 2)],
    });
    expect(s.history.map((i) => i.id)).toEqual([
      publicIncidentId("incident-53"),
      publicIncidentId("incident-51"),
      publicIncidentId("incident-52"),
    ]);
  });

  it("on a service not on the page are left out", () => {
    const s = snapshot({
      health: health({ [OFF_PAGE]: "down" }),
      incidents: [
        incident({ number: 60, services: [OFF_PAGE] }),
        incident({
          number: 61,
          services: [OFF_PAGE],
          status: "resolved",
          resolvedAt: iso(now - HOUR),
          updates: [update(iso(now - 2 * HOUR), "Batch delayed.", { title: "Billing batch late" })],
        }),
      ],
    });
    expect(s.incidents).toEqual([]);
    expect(s.history).toEqual([]);
    expect(s.overall.status).toBe("operational");
    expect(JSON.stringify(s)).not.toContain("Billing batch late");
  });

  it("are listed on the days they touched, a group's day listing its children's", () => {
    const s = snapshot({
      incidents: [
        incident({
          number: 70,
          services: [PAY],
          status: "resolved",
          declaredAt: "2025-06-09T10:00:00Z",
          resolvedAt: "2025-06-09T11:00:00Z",
          updates: [update("2025-06-09T10:05:00Z", "Card payments fail.")],
        }),
        incident({ number: 71, services: [WEB], declaredAt: "2025-06-08T22:00:00Z" }),
      ],
    });
    const days = (id: string) => {
      const all = s.components.flatMap((c) => [c, ...(c.children ?? [])]);
      const c = all.find((x) => x.id === id)!;
      return Object.fromEntries(
        c.uptime.days.filter((d) => d.incidents.length).map((d) => [d.date, d.incidents]),
      );
    };
    expect(days("storefront")).toEqual({ "2025-06-09": [publicIncidentId("incident-70")] });
    expect(days("checkout")).toEqual({ "2025-06-09": [publicIncidentId("incident-70")] });
    expect(days("shop")).toEqual({});
    expect(days("api")).toEqual({});
    // Still open: every day since it began.
    expect(days("web")).toEqual({
      "2025-06-08": [publicIncidentId("incident-71")],
      "2025-06-09": [publicIncidentId("incident-71")],
      "2025-06-10": [publicIncidentId("incident-71")],
    });
  });
});

describe("maintenance", () => {
  const windows = [
    win("db-upgrade", { services: [DB] }, now + 2 * DAY, now + 2 * DAY + 2 * HOUR),
    win("shop-deploy", { stacks: ["shop-stack-prod"] }, now - HOUR, now + HOUR),
    win("pci-patch", { tags: ["pci-zone-3"] }, now - 2 * DAY, now - DAY),
    win("batch-move", { stacks: ["batch-stack"] }, now - HOUR, now + HOUR),
    win("old-work", { services: [WEB] }, now - 10 * DAY, now - 9 * DAY),
  ];

  it("shows windows covering the page's services by service, stack and tag, by state", () => {
    const s = snapshot({ windows });
    expect(s.maintenance).toEqual([
      {
        id: expect.stringMatching(/^m[0-9a-z]+$/),
        title: "Planned work shop-deploy",
        description: "Short interruptions possible (shop-deploy).",
        components: ["shop", "checkout"],
        start: iso(now - HOUR),
        end: iso(now + HOUR),
        state: "in_progress",
      },
      {
        id: expect.stringMatching(/^m[0-9a-z]+$/),
        title: "Planned work db-upgrade",
        description: "Short interruptions possible (db-upgrade).",
        components: ["api"],
        start: iso(now + 2 * DAY),
        end: iso(now + 2 * DAY + 2 * HOUR),
        state: "scheduled",
      },
      {
        id: expect.stringMatching(/^m[0-9a-z]+$/),
        title: "Planned work pci-patch",
        description: "Short interruptions possible (pci-patch).",
        components: ["shop", "checkout"],
        start: iso(now - 2 * DAY),
        end: iso(now - DAY),
        state: "completed",
      },
    ]);
  });

  it("shows a window with no description by its title alone, and one until ended as open-ended", () => {
    const quiet = { ...win("quiet", { services: [WEB] }, now - HOUR, null), description: null };
    const [m] = snapshot({ windows: [quiet] }).maintenance;
    expect(m).toEqual({
      id: expect.stringMatching(/^m[0-9a-z]+$/),
      title: "Planned work quiet",
      components: ["web"],
      start: iso(now - HOUR),
      end: null,
      state: "in_progress",
    });
  });
});

describe("what never leaves the console", () => {
  it("no service id, stack, tag, reason, note, owner, playbook or internal incident field", () => {
    const internalIncident = Object.assign(
      incident({
        number: 80,
        services: [DB, OFF_PAGE],
        updates: [
          Object.assign(update("2025-06-10T10:05:00Z", "We are investigating API errors."), {
            author: "bob.oncall@corp.example",
            internalNote: `${DB} refuses connections, max_connections hit`,
          }),
        ],
      }),
      {
        id: "3f2a9c1e-internal-uuid",
        title: `SEV1 ${DB} down`,
        commander: "carol.ic@corp.example",
        severity: "SEV1",
        summary: `Root cause: ${PAY} TLS certificate expired`,
      },
    );
    const segments = new Map<string, StateSegment[]>(
      [DB, API, WEB, SHOP, PAY].map((id) => [
        id,
        [{ state: "down", reason: `connect ECONNREFUSED ${id}`, from: now - 3 * DAY, to: now }],
      ]),
    );
    const s = snapshot({
      health: health({ [DB]: "down", [PAY]: "maintenance" }),
      incidents: [internalIncident],
      windows: [
        win("shop-deploy", { stacks: ["shop-stack-prod"] }, now - HOUR, now + HOUR),
        win("pci-patch", { tags: ["pci-zone-3"] }, now + DAY, now + DAY + HOUR),
        win("db-upgrade", { services: [DB] }, now - DAY, now - DAY + HOUR),
      ],
      segments,
    });
    // The inputs did produce public content: an incident and three windows.
    expect(s.incidents.map((i) => i.id)).toEqual([publicIncidentId("incident-80")]);
    expect(s.maintenance).toHaveLength(3);

    const json = JSON.stringify(s);
    const secrets = [
      DB,
      API,
      WEB,
      SHOP,
      PAY,
      OFF_PAGE,
      ".internal",
      "cluster.local",
      "core-data-stack",
      "shop-stack-prod",
      "pci-zone-3",
      "tier-0-secret",
      "ECONNREFUSED",
      "Fail over to",
      "@oncall-dba",
      "alice.sre@corp.example",
      "pb-db-failover-internal",
      "bob.oncall@corp.example",
      "max_connections",
      "3f2a9c1e-internal-uuid",
      "SEV1",
      "carol.ic@corp.example",
      "Root cause",
    ];
    expect(secrets.filter((secret) => json.includes(secret))).toEqual([]);
  });
});
