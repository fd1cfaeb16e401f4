import { describe, expect, it } from "vitest";
import { parseComposeFile } from "./compose-file";
import { discoverCatalog, type ContainerSummary } from "./discovery";
import { parseConfig } from "./load-config";
import type { OpsdeckConfig } from "./schemas";

function config(yaml = "version: 1\n"): OpsdeckConfig {
  const result = parseConfig(yaml, "opsdeck.yml");
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

let nextId = 0;
function container(
  name: string,
  labels: Record<string, string> = {},
  extra: Partial<ContainerSummary> = {},
): ContainerSummary {
  nextId += 1;
  return {
    Id: `c${nextId}`.padEnd(64, "0"),
    Names: [`/${name}`],
    Image: "busybox",
    State: "running",
    Status: "Up 5 minutes (healthy)",
    Labels: labels,
    NetworkSettings: { Networks: { shop_default: { IPAddress: `172.18.0.${nextId}` } } },
    ...extra,
  };
}

const compose = (project: string, service: string, more: Record<string, string> = {}) => ({
  "com.docker.compose.project": project,
  "com.docker.compose.service": service,
  ...more,
});

describe("discoverCatalog", () => {
  it("groups containers into stacks and services by compose labels; others go to standalone", () => {
    const { catalog } = discoverCatalog({
      config: config(),
      containers: [
        container("shop-web-1", compose("shop", "web")),
        container("shop-web-2", compose("shop", "web")),
        container("shop-db-1", compose("shop", "db")),
        container("adhoc"),
      ],
    });
    expect(catalog.stacks.map((s) => [s.id, s.composeProject])).toEqual([
      ["shop", "shop"],
      ["standalone", undefined],
    ]);
    const web = catalog.services.find((s) => s.id === "shop.web");
    expect(web).toMatchObject({
      stackId: "shop",
      kind: "container",
      origin: "discovered",
      compose: { project: "shop", service: "web" },
    });
    expect(web?.containers.map((c) => c.name)).toEqual(["shop-web-1", "shop-web-2"]);
    expect(web?.containers[0]).toMatchObject({
      ip: expect.stringMatching(/^172\.18\.0\./),
      state: "running",
      health: "healthy",
    });
    expect(catalog.services.find((s) => s.id === "standalone.adhoc")).toMatchObject({
      stackId: "standalone",
      name: "adhoc",
    });
  });

  it("gives every container-backed service an implicit docker check unless one is declared", () => {
    const { catalog } = discoverCatalog({
      config: config(
        "version: 1\nservices:\n  - id: db\n    compose: { project: shop, service: db }\n    checks: [{ id: alive, kind: docker, maxRestarts: 1 }]\n  - id: stripe\n",
      ),
      containers: [
        container("shop-web-1", compose("shop", "web")),
        container("shop-db-1", compose("shop", "db")),
      ],
    });
    const checks = (id: string) =>
      catalog.services.find((s) => s.id === id)?.checks.map((c) => `${c.id}:${c.kind}`);
    expect(checks("shop.web")).toEqual(["container:docker"]);
    expect(checks("db")).toEqual(["alive:docker"]);
    expect(checks("stripe")).toEqual([]);
  });

  it("merges declared services with their containers (compose match or stack composeProject)", () => {
    const yaml = [
      "version: 1",
      "stacks: [{ id: store, name: Store, composeProject: shop }]",
      "services:",
      "  - { id: database, compose: { project: shop, service: db }, owner: dba }",
      "  - { id: web, stack: store }",
      "  - { id: payments, stack: store }",
    ].join("\n");
    const { catalog } = discoverCatalog({
      config: config(yaml),
      containers: [
        container("shop-db-1", compose("shop", "db")),
        container("shop-web-1", compose("shop", "web")),
      ],
    });
    expect(catalog.services.map((s) => [s.id, s.stackId, s.kind, s.origin, s.containers.length])).toEqual([
      ["database", "store", "container", "config+discovered", 1],
      ["web", "store", "container", "config+discovered", 1],
      ["payments", "store", "external", "config", 0],
    ]);
    expect(catalog.services[0].owner).toBe("dba");
    expect(catalog.stacks).toEqual([{ id: "store", name: "Store", composeProject: "shop" }]);
  });

  it("turns compose depends_on labels, compose files and config dependsOn into edges", () => {
    const yaml =
      "version: 1\nservices:\n  - { id: web, compose: { project: shop, service: web }, dependsOn: [stripe] }\n  - { id: stripe }\n";
    const { catalog } = discoverCatalog({
      config: config(yaml),
      containers: [
        container(
          "shop-web-1",
          compose("shop", "web", {
            "com.docker.compose.depends_on": "db:service_healthy:false,cache:service_started:false",
          }),
        ),
        container("shop-db-1", compose("shop", "db")),
        container("shop-cache-1", compose("shop", "cache")),
        container("shop-worker-1", compose("shop", "worker")),
      ],
      composeFiles: {
        shop: parseComposeFile(
          "services:\n  worker:\n    depends_on: { db: { condition: service_healthy } }\n  web: {}\n",
        ),
      },
    });
    expect(catalog.edges).toEqual(
      expect.arrayContaining([
        { from: "web", to: "stripe", source: "config" },
        { from: "web", to: "shop.db", source: "compose" },
        { from: "web", to: "shop.cache", source: "compose" },
        { from: "shop.worker", to: "shop.db", source: "compose" },
      ]),
    );
    expect(catalog.edges).toHaveLength(4);
  });

  it("adds env hint edges when a *_URL or *_HOST names another service of the same project", () => {
    const web = container("shop-web-1", compose("shop", "web"));
    const { catalog } = discoverCatalog({
      config: config(),
      containers: [
        web,
        container("shop-db-1", compose("shop", "db")),
        container("shop-redis-1", compose("shop", "redis")),
        container("other-db-1", compose("other", "db")),
      ],
      envByContainer: {
        [web.Id]: [
          "DATABASE_URL=postgres://u:p@db:5432/app",
          "REDIS_HOST=redis",
          "HOME_URL=https://example.com",
          "PATH=/bin",
          "SELF_HOST=web",
        ],
      },
    });
    expect(catalog.edges).toEqual([
      { from: "shop.web", to: "shop.db", source: "env" },
      { from: "shop.web", to: "shop.redis", source: "env" },
    ]);
  });

  it("applies opsdeck.* labels: name, owner, tags, public component, depends_on, checks and ignore", () => {
    const labels = compose("shop", "web", {
      "opsdeck.name": "Storefront",
      "opsdeck.owner": "team-web",
      "opsdeck.tags": "frontend, public",
      "opsdeck.public": "Website",
      "opsdeck.depends_on": "db",
      "opsdeck.check.health.kind": "http",
      "opsdeck.check.health.url": "http://{{container}}:8080/health",
      "opsdeck.check.health.expect": "status == 200",
      "opsdeck.check.health.interval": "15s",
      "opsdeck.check.port.kind": "tcp",
      "opsdeck.check.port.host": "{{container}}",
      "opsdeck.check.port.port": "8080",
    });
    const { catalog, warnings } = discoverCatalog({
      config: config(),
      containers: [
        container("shop-web-1", labels),
        container("shop-db-1", compose("shop", "db")),
        container("shop-debug-1", compose("shop", "debug", { "opsdeck.ignore": "true" })),
      ],
    });
    expect(warnings).toEqual([]);
    const web = catalog.services.find((s) => s.id === "shop.web");
    expect(web).toMatchObject({
      name: "Storefront",
      owner: "team-web",
      tags: ["frontend", "public"],
      publicComponent: "Website",
    });
    expect(web?.checks).toEqual([
      {
        id: "health",
        kind: "http",
        url: "http://{{container}}:8080/health",
        expect: ["status == 200"],
        interval: 15_000,
        method: "GET",
        followRedirects: true,
      },
      { id: "port", kind: "tcp", host: "{{container}}", port: 8080 },
      { id: "container", kind: "docker" },
    ]);
    expect(catalog.edges).toEqual([{ from: "shop.web", to: "shop.db", source: "label" }]);
    expect(catalog.services.map((s) => s.id)).not.toContain("shop.debug");
  });

  it("lets a label check override the declared check of the same id", () => {
    const yaml =
      "version: 1\nservices:\n  - id: web\n    compose: { project: shop, service: web }\n    checks: [{ id: health, kind: http, url: 'http://old/health' }]\n";
    const labels = compose("shop", "web", {
      "opsdeck.check.health.kind": "http",
      "opsdeck.check.health.url": "http://{{container}}/new",
    });
    const { catalog } = discoverCatalog({
      config: config(yaml),
      containers: [container("shop-web-1", labels)],
    });
    expect(catalog.services[0].checks.find((c) => c.id === "health")).toMatchObject({
      url: "http://{{container}}/new",
    });
  });

  it("warns about an invalid label check instead of failing, and keeps the rest", () => {
    const labels = compose("shop", "web", {
      "opsdeck.check.bad.kind": "http",
      "opsdeck.check.bad.interval": "soon",
      "opsdeck.check.x.kind": "smtp",
    });
    const { catalog, warnings } = discoverCatalog({
      config: config(),
      containers: [container("shop-web-1", labels)],
    });
    expect(warnings).toHaveLength(2);
    expect(warnings.join("\n")).toContain("container shop-web-1: label opsdeck.check.bad");
    expect(catalog.services[0].checks.map((c) => c.id)).toEqual(["container"]);
  });

  it("only attaches containers to declared services when discoverContainers is off", () => {
    const yaml =
      "version: 1\nsettings: { discoverContainers: false }\nservices:\n  - { id: web, compose: { project: shop, service: web } }\n";
    const { catalog } = discoverCatalog({
      config: config(yaml),
      containers: [container("shop-web-1", compose("shop", "web")), container("adhoc")],
    });
    expect(catalog.services.map((s) => [s.id, s.containers.length])).toEqual([["web", 1]]);
  });
});
