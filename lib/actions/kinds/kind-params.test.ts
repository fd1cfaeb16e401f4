import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { CatalogService } from "@/lib/catalog/types";
import { describeParams } from "../params";
import { declaredActionSchema, type DeclaredAction } from "../schemas";
import type { ActionTarget } from "../types";
import { logsSearch } from "./logs";
import { postgresRestore } from "./postgres";
import { qdrantAction } from "./qdrant";

/** The forms the browser renders come from these schemas: each kind's fields must survive describeParams. */

const target = (actions: DeclaredAction[] = []): ActionTarget => ({
  stackName: "shop",
  service: {
    id: "shop.db",
    name: "shop.db",
    stackId: "shop",
    kind: "container",
    tags: [],
    checks: [],
    actions,
    origin: "config",
    containers: [{ id: "c1", name: "shop-db-1", state: "running", ip: "10.0.0.2" }],
  } satisfies CatalogService,
});
const decl = (d: Record<string, unknown>) => declaredActionSchema.parse(d);

describe("kind parameter forms", () => {
  it("logs.search offers container, window, filter, level and limit", () => {
    const fields = describeParams(logsSearch.params(target(), undefined));
    expect(fields.map((f) => f.name)).toEqual([
      "container",
      "since",
      "until",
      "q",
      "regex",
      "limit",
      "level",
    ]);
    expect(fields.find((f) => f.name === "container")).toMatchObject({
      type: "enum",
      values: ["shop-db-1"],
      required: false,
    });
    expect(fields.find((f) => f.name === "limit")).toMatchObject({
      type: "integer",
      default: 500,
      max: 5000,
    });
  });

  it("postgres.restore offers this service's backups from the backup action's folder, newest first", () => {
    const folder = mkdtempSync(path.join(tmpdir(), "opsdeck-restore-form-"));
    for (const f of [
      "shop.db-app-20260101T000000Z.dump",
      "shop.db-app-20260202T000000Z.sql",
      "other-app-20260303T000000Z.dump",
    ])
      writeFileSync(path.join(folder, f), "");
    const backup = decl({
      kind: "postgres.backup",
      id: "backup",
      url: "postgres://u@h/app",
      destination: { folder },
    });
    const restore = decl({
      kind: "postgres.restore",
      id: "restore",
      url: "postgres://u@h/app",
      from: "backup",
    });
    const schema = postgresRestore.params(target([backup, restore]), restore as never);
    expect(describeParams(schema)).toMatchObject([
      {
        name: "backup",
        type: "enum",
        values: ["shop.db-app-20260202T000000Z.sql", "shop.db-app-20260101T000000Z.dump"],
      },
    ]);
    expect(schema.safeParse({ backup: "other-app-20260303T000000Z.dump" }).success).toBe(false);
    rmSync(folder, { recursive: true, force: true });
  });

  it("postgres.restore explains a wrong `from` instead of offering nothing", () => {
    const restore = decl({
      kind: "postgres.restore",
      id: "restore",
      url: "postgres://u@h/app",
      from: "nope",
    });
    const parsed = postgresRestore.params(target([restore]), restore as never).safeParse({ backup: "x" });
    expect(parsed.error?.issues[0].message).toBe('declaration from: shop.db has no action "nope"');
  });

  it("qdrant asks for a snapshot name only when downloading", () => {
    const base = { kind: "qdrant", id: "q", url: "http://q:6333", collection: "docs" };
    expect(describeParams(qdrantAction.params(target(), decl({ ...base, operation: "download-snapshot" }) as never)))
      .toMatchObject([{ name: "snapshot", type: "string", required: true }]); // prettier-ignore
    expect(
      describeParams(qdrantAction.params(target(), decl({ ...base, operation: "list-snapshots" }) as never)),
    ).toEqual([]);
  });
});
