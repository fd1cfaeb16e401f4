import { existsSync } from "node:fs";
import { describe, expect, it, afterAll } from "vitest";
import type { AuditInput } from "@/lib/audit/schemas";
import { declaredActionSchema } from "./schemas";
import type { ParamView } from "./schemas";
import { createDockerGateway } from "@/lib/infra/docker";
import { AppError } from "@/lib/errors";
import { actionHarness, actorFor, catalogOf, countingGateway } from "@/test/support/actions";

/**
 * Hostile input: hundreds of generated invalid parameter sets across every action kind. Each
 * must be refused with a 400 that names the field, before any lock, audit write or Docker call.
 */

const containers = [
  { id: "a".repeat(64), name: "shop-api-1", state: "running" },
  { id: "b".repeat(64), name: "shop-api-2", state: "running" },
];
const url = "postgres://app:pw@db:5432/app";
const declared = [
  {
    id: "pg-ready",
    kind: "exec",
    command: ["pg_isready", "-U", "{{user}}"],
    params: [{ name: "user", pattern: "[a-z_]{1,32}" }],
  },
  {
    id: "queue",
    kind: "redis.read",
    url: "redis://cache:6379",
    commands: ["LLEN {{queue}}"],
    params: [{ name: "queue", type: "enum", values: ["tasks", "mail"] }],
  },
  {
    id: "purge",
    kind: "redis.write",
    url: "redis://cache:6379",
    commands: ["DEL {{key}}"],
    params: [{ name: "key", pattern: "tmp:[a-z0-9]{1,20}" }],
  },
  {
    id: "slow",
    kind: "postgres.query",
    url,
    query: "select * from pg_stat_activity where datname = $1 limit $2",
    params: [
      { name: "db", pattern: "[a-z_]+" },
      { name: "limit", type: "integer", min: 1, max: 100 },
    ],
  },
  { id: "backup", kind: "postgres.backup", url, destination: { folder: "/tmp/opsdeck-never" } },
  { id: "restore", kind: "postgres.restore", url, from: "backup" },
  { id: "collections", kind: "qdrant", url: "http://qdrant:6333", operation: "list-collections" },
  {
    id: "download",
    kind: "qdrant",
    url: "http://qdrant:6333",
    operation: "download-snapshot",
    collection: "docs",
  },
  { id: "smoke", kind: "http", url: "http://api:8000/health", expect: ['json.status == "healthy"'] },
  { id: "debug-logging", kind: "container.set-env", variables: { LOG_LEVEL: ["DEBUG", "INFO"] } },
  { id: "errors", kind: "logs.search", level: "error" },
].map((d) => declaredActionSchema.parse(d));

// Values that can never pass as the given type (strings get non-strings, numbers get non-numbers, ...).
const JUNK: Record<ParamView["type"], unknown[]> = {
  string: [42, -1, true, null, [], ["x"], { a: 1 }, { toString: "x" }, 1e309],
  integer: ["abc", "", "1; drop table", 1.5, -1e12, 1e12, true, null, [], {}, NaN],
  boolean: ["yes", "true", 1, 0, null, [], {}],
  enum: ["NOT_A_VALUE", "", 0, null, [], {}, "../../etc/passwd", "tasks\n"],
};

function baseParams(params: ParamView[]): Record<string, unknown> {
  return Object.fromEntries(
    params.map((p) => [
      p.name,
      p.default ??
        (p.type === "enum"
          ? p.values?.[0]
          : p.type === "integer"
            ? (p.min ?? 1)
            : p.type === "boolean"
              ? false
              : "a"),
    ]),
  );
}

describe("invalid parameters", async () => {
  const { gateway, calls } = countingGateway(
    createDockerGateway({ host: "unix:///nonexistent/docker.sock" }),
  );
  const h = await actionHarness({
    db: () => Promise.reject(new Error("no database may be touched by a refused request")),
    docker: gateway,
    catalog: catalogOf([
      { id: "api", name: "api", compose: { project: "shop", service: "api" }, containers, actions: declared },
    ]),
  });
  afterAll(() => h.close());
  const actions = await h.service.list("api", "admin");

  it("covers every declared kind and the built-ins", () => {
    const kinds = new Set(actions.map((a) => a.kind));
    for (const d of declared) expect(kinds).toContain(d.kind);
    expect(kinds).toContain("container.restart");
  });

  it("refuses 500+ generated invalid sets, naming the field, each audited as denied, with nothing reaching Docker or locks", async () => {
    const cases: { actionId: string; params: unknown; field: string }[] = [];
    for (const a of actions) {
      const base = baseParams(a.params);
      cases.push({ actionId: a.id, params: { ...base, not_a_param: 1 }, field: "not_a_param" });
      for (const p of a.params) {
        for (const junk of JUNK[p.type])
          cases.push({ actionId: a.id, params: { ...base, [p.name]: junk }, field: p.name });
        if (p.type === "integer" && p.max !== undefined)
          cases.push({ actionId: a.id, params: { ...base, [p.name]: p.max + 1 }, field: p.name });
        if (p.type === "integer" && p.min !== undefined)
          cases.push({ actionId: a.id, params: { ...base, [p.name]: p.min - 1 }, field: p.name });
        if (p.type === "string")
          cases.push({ actionId: a.id, params: { ...base, [p.name]: "x".repeat(100_001) }, field: p.name });
        if (p.required) {
          const { [p.name]: _dropped, ...rest } = base;
          cases.push({ actionId: a.id, params: rest, field: p.name });
        }
      }
    }
    let i = 0;
    while (cases.length < 520) {
      // Whole-request junk: params of the wrong shape.
      const a = actions[i++ % actions.length];
      cases.push({ actionId: a.id, params: [null, "x", 7, [1, 2], true][i % 5], field: "params" });
    }
    expect(cases.length).toBeGreaterThanOrEqual(500);
    const recorded: AuditInput[] = [];
    const record = async (event: AuditInput) => void recorded.push(event);
    for (const c of cases) {
      const error = await h.service
        .start(actorFor("admin"), { serviceId: "api", actionId: c.actionId, params: c.params }, record)
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error, `${c.actionId} ${JSON.stringify(c.params).slice(0, 120)}`).toBeInstanceOf(AppError);
      expect((error as AppError).status, (error as Error).message).toBe(400);
      expect((error as Error).message, `${c.actionId}: ${JSON.stringify(c.params).slice(0, 120)}`).toContain(
        c.field,
      );
    }
    expect(calls).toEqual([]);
    expect(existsSync(h.writer.journal.file)).toBe(false);
    // A request whose params are not an object is refused by the request's shape, which the verb
    // wrapper audits (lib/http/verb.test.ts); every other case is the service's refusal to record.
    const shapeRefusals = cases.filter((c) => c.field === "params").length;
    expect(recorded).toHaveLength(cases.length - shapeRefusals);
    for (const event of recorded) {
      expect(event.outcome).toBe("denied");
      expect(event.message).toMatch(/^invalid parameters: params[.:]/);
    }
  });

  it("names the request field when the request itself is malformed", async () => {
    for (const [request, field] of [
      [{}, "serviceId"],
      [{ serviceId: "api" }, "actionId"],
      [{ serviceId: "api", actionId: 5 }, "actionId"],
      [{ serviceId: "api", actionId: "restart", params: "x" }, "params"],
      [{ serviceId: "api", actionId: "restart", extra: 1 }, "extra"],
    ] as const) {
      await expect(h.service.start(actorFor("admin"), request)).rejects.toThrow(field);
    }
    expect(calls).toEqual([]);
  });
});
