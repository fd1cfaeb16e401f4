import { describe, expect, it } from "vitest";
import type { HealthState } from "@/lib/probes/types";
import { currentStatus, overallOf, resolvePages, statusFromHealth, worstOf } from "./derive";
import { statusPageSchema, type StatusPageConfig } from "./schemas";

/** Status pages as the SRE writes them in opsdeck.yml, and the public status they give. */

const base = { id: "public", title: "Acme status", components: [{ name: "API", services: ["api"] }] };

/** Parsed as the config loader does, so the schema's defaults apply. */
const page = (input: Record<string, unknown>): StatusPageConfig =>
  statusPageSchema.parse({ ...base, ...input });

function refusal(input: Record<string, unknown>): string[] {
  const result = statusPageSchema.safeParse({ ...base, ...input });
  if (result.success) throw new Error("expected the page to be refused");
  return result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("resolvePages without configured pages", () => {
  it("publishes one default page 'status' of the services' public components, shared by name", () => {
    const pages = resolvePages(
      [],
      [
        { id: "api-1", publicComponent: "API" },
        { id: "internal-cron" },
        { id: "api-2", publicComponent: "API" },
        { id: "search", publicComponent: "Search Engine" },
      ],
    );
    expect(pages).toEqual([
      {
        id: "status",
        title: "Status",
        timeZone: "UTC",
        isDefault: true,
        password: null,
        components: [
          { id: "api", name: "API", serviceIds: ["api-1", "api-2"] },
          { id: "search-engine", name: "Search Engine", serviceIds: ["search"] },
        ],
      },
    ]);
  });

  it("publishes no page when no service names a public component", () => {
    expect(resolvePages([], [{ id: "db" }, { id: "worker" }])).toEqual([]);
    expect(resolvePages([], [])).toEqual([]);
  });
});

describe("resolvePages with configured pages", () => {
  it("keeps the configured order and makes the page marked default the default", () => {
    const pages = resolvePages(
      [page({ id: "customers" }), page({ id: "partners", default: true }), page({ id: "staff" })],
      [],
    );
    expect(pages.map((p) => [p.id, p.isDefault])).toEqual([
      ["customers", false],
      ["partners", true],
      ["staff", false],
    ]);
  });

  it("makes the first page the default when none is marked", () => {
    const pages = resolvePages([page({ id: "customers" }), page({ id: "partners" })], []);
    expect(pages.map((p) => [p.id, p.isDefault])).toEqual([
      ["customers", true],
      ["partners", false],
    ]);
  });

  it("slugs components from their names, de-duplicated, and keeps explicit ids", () => {
    const [resolved] = resolvePages(
      [
        page({
          components: [
            { name: "Search", services: ["search-eu"] },
            { name: "Search", services: ["search-us"] },
            { name: "Café Payments!", services: ["payments"] },
            { id: "login", name: "Sign-in", services: ["auth"] },
          ],
        }),
      ],
      [],
    );
    expect(resolved.components.map((c) => [c.id, c.name])).toEqual([
      ["search", "Search"],
      ["search-2", "Search"],
      ["cafe-payments", "Café Payments!"],
      ["login", "Sign-in"],
    ]);
  });

  it("keeps an explicit id even when an earlier component's name slugs to it", () => {
    // The SRE wrote the id for a stable URL and badge; a generated slug must yield to it.
    const [resolved] = resolvePages(
      [
        page({
          components: [
            { name: "Search", services: ["search-eu"] },
            { id: "search", name: "Search (US)", services: ["search-us"] },
          ],
        }),
      ],
      [],
    );
    const byName = Object.fromEntries(resolved.components.map((c) => [c.name, c.id]));
    expect(byName["Search (US)"]).toBe("search");
    expect(byName["Search"]).not.toBe("search");
    expect(new Set(resolved.components.map((c) => c.id)).size).toBe(2);
  });

  it("gives a group the union of its children's services, and its children their own", () => {
    const [resolved] = resolvePages(
      [
        page({
          components: [
            {
              name: "Storefront",
              description: "Shop and checkout",
              components: [
                { name: "Shop", services: ["web", "cdn"] },
                { name: "Checkout", services: ["web", "payments"] },
              ],
            },
          ],
        }),
      ],
      [],
    );
    const [group] = resolved.components;
    expect(group).toMatchObject({ id: "storefront", name: "Storefront", description: "Shop and checkout" });
    expect([...group.serviceIds].sort()).toEqual(["cdn", "payments", "web"]);
    expect(group.children?.map((c) => [c.id, c.serviceIds])).toEqual([
      ["shop", ["web", "cdn"]],
      ["checkout", ["web", "payments"]],
    ]);
  });

  it("carries a password page's password, and none for a public page", () => {
    const pages = resolvePages(
      [page({ id: "partners", access: { password: "correct horse" } }), page({ id: "everyone" })],
      [],
    );
    expect(pages.map((p) => [p.id, p.password])).toEqual([
      ["partners", "correct horse"],
      ["everyone", null],
    ]);
  });

  it("carries the page's public fields, with UTC as the default time zone", () => {
    const [resolved] = resolvePages(
      [page({ description: "Live status", logo: "/assets/logo.svg", accent: "#2563eb" })],
      [],
    );
    expect(resolved).toMatchObject({
      title: "Acme status",
      description: "Live status",
      logo: "/assets/logo.svg",
      accent: "#2563eb",
      timeZone: "UTC",
    });
  });
});

describe("statusPageSchema refuses", () => {
  it("an id that cannot be a URL segment", () => {
    expect(refusal({ id: "Public Page" })).toEqual([
      "id: expected lowercase letters, digits and '-' (max 63), used in the URL",
    ]);
    expect(refusal({ id: "-public" })).toHaveLength(1);
  });

  it("an accent that is not #rrggbb", () => {
    expect(refusal({ accent: "blue" })).toEqual(['accent: expected a colour like "#2563eb"']);
    expect(refusal({ accent: "#25e" })).toHaveLength(1);
  });

  it("a logo over plain http", () => {
    expect(refusal({ logo: "http://cdn.example.com/logo.png" })).toEqual([
      "logo: expected an https:// URL or a path starting with a single /",
    ]);
    expect(() => page({ logo: "https://cdn.example.com/logo.png" })).not.toThrow();
  });

  it("a protocol-relative logo, which is another host and not a path the console serves", () => {
    expect(refusal({ logo: "//cdn.example.com/logo.png" })).toHaveLength(1);
  });

  it("a page without components and a group without components", () => {
    expect(refusal({ components: [] })).toEqual(["components: a page needs at least one component"]);
    expect(refusal({ components: [{ name: "Storefront", components: [] }] })).toEqual([
      "components.0.components: a group needs at least one component",
    ]);
  });

  it("a password shorter than 8 characters", () => {
    expect(refusal({ access: { password: "hunter2" } })).toEqual([
      "access.password: a page password needs at least 8 characters",
    ]);
  });
});

describe("statusFromHealth", () => {
  const cases: [HealthState[], ReturnType<typeof statusFromHealth>][] = [
    [["up", "up"], "operational"],
    [["up", "down"], "partial_outage"],
    [["down", "down"], "major_outage"],
    [["up", "degraded"], "degraded_performance"],
    [["maintenance", "maintenance"], "under_maintenance"],
    [["maintenance", "down"], "major_outage"],
    [["maintenance", "up"], "operational"],
    [["unknown", "unknown"], null],
    [[], null],
    [["unknown", "up"], "operational"],
    [["unknown", "down"], "major_outage"],
  ];
  it.each(cases)("%j is %s", (states, expected) => {
    expect(statusFromHealth(states)).toBe(expected);
  });
});

describe("currentStatus", () => {
  const health = new Map<string, HealthState>([
    ["api", "down"],
    ["search", "up"],
  ]);

  it("follows health when no open incident names the component's services", () => {
    expect(currentStatus(["api"], health, [])).toBe("major_outage");
    expect(currentStatus(["search"], health, [])).toBe("operational");
    expect(currentStatus(["never-seen"], health, [])).toBe("operational");
  });

  it("lets an open incident decide, better or worse than health", () => {
    expect(currentStatus(["api"], health, [{ services: ["api"], impact: "degraded_performance" }])).toBe(
      "degraded_performance",
    );
    expect(currentStatus(["search"], health, [{ services: ["search"], impact: "partial_outage" }])).toBe(
      "partial_outage",
    );
  });

  it("takes the worst impact of several incidents", () => {
    expect(
      currentStatus(["api", "search"], health, [
        { services: ["search"], impact: "degraded_performance" },
        { services: ["api"], impact: "major_outage" },
        { services: ["search"], impact: "partial_outage" },
      ]),
    ).toBe("major_outage");
  });

  it("ignores incidents on other services", () => {
    expect(currentStatus(["search"], health, [{ services: ["api"], impact: "major_outage" }])).toBe(
      "operational",
    );
  });
});

describe("worstOf and overallOf", () => {
  it("shows maintenance only when nothing is worse", () => {
    expect(worstOf(["operational", "under_maintenance"])).toBe("under_maintenance");
    expect(worstOf(["under_maintenance", "degraded_performance"])).toBe("degraded_performance");
    expect(worstOf(["partial_outage", "major_outage", "under_maintenance"])).toBe("major_outage");
    expect(worstOf([])).toBe("operational");
  });

  it("gives the page's headline", () => {
    expect(overallOf(["operational", "operational"])).toEqual({
      status: "operational",
      text: "All systems operational",
    });
    expect(overallOf(["operational", "under_maintenance"])).toEqual({
      status: "under_maintenance",
      text: "Maintenance in progress",
    });
    expect(overallOf(["under_maintenance", "partial_outage"])).toEqual({
      status: "partial_outage",
      text: "Partial outage",
    });
  });
});
