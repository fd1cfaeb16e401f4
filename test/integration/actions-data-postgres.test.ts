import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresBackup, postgresQuery, postgresRestore } from "@/lib/actions/kinds/postgres";
import { scratchPostgres, type ScratchDb } from "@/test/support/scratch-db";
import { declare, runKind, serviceWith } from "./actions-data-support";

/** postgres.query, .backup (folder) and .restore against scratch databases on the test server. */

let source: ScratchDb;
let restored: ScratchDb;
const folder = mkdtempSync(path.join(tmpdir(), "opsdeck-pgdump-"));

async function sql<T = Record<string, unknown>>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}
const count = async (url: string, table: string) =>
  Number((await sql<{ n: string }>(url, `select count(*) as n from ${table}`))[0].n);

/** The server trusts local connections, so a password in the URL is accepted and must never be shown. */
const withPassword = (url: string) => url.replace("postgres@", "postgres:pw-s3cret-value@");

beforeAll(async () => {
  source = await scratchPostgres("opsdeck_pgsrc");
  restored = await scratchPostgres("opsdeck_pgdst");
  await sql(
    source.url!,
    `create table widgets (id serial primary key, name text not null, price int not null, made timestamptz not null default now());
     insert into widgets (name, price) select 'w' || g, g * 10 from generate_series(1, 40) g;`,
  );
});
afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await source?.drop();
  await restored?.drop();
});

describe("postgres.query", () => {
  const decl = () =>
    declare({
      kind: "postgres.query",
      id: "cheap",
      url: withPassword(source.url!),
      query: "select id, name, price, made from widgets where price >= $1 order by id",
      params: [{ name: "min_price", type: "integer", min: 0 }],
      maxRows: 5,
    });

  it("returns rows with bound parameters, capped at maxRows, and prints a table", async () => {
    const target = serviceWith({ id: "data.pg" });
    const { result, error, out } = await runKind(postgresQuery, target, decl(), { min_price: 300 });
    expect(error).toBeUndefined();
    const r = result as { columns: string[]; rows: unknown[][]; rowCount: number; truncated: boolean };
    expect(r.columns).toEqual(["id", "name", "price", "made"]);
    expect(r.rowCount).toBe(11);
    expect(r.truncated).toBe(true);
    expect(r.rows).toHaveLength(5);
    expect(r.rows[0].slice(0, 3)).toEqual([30, "w30", 300]);
    expect(typeof r.rows[0][3]).toBe("string");
    const table = out.text("out").split("\n");
    expect(table[0]).toMatch(/^id +\| name +\| price +\| made$/);
    expect(table).toHaveLength(2 + 5);
    expect(out.text()).not.toContain("pw-s3cret-value");
  });

  it("refuses writes: the transaction is read-only, and the data stays", async () => {
    const target = serviceWith({ id: "data.pg" });
    for (const query of ["delete from widgets returning id", "create table sneaky (id int)"]) {
      const { error } = await runKind(postgresQuery, target, declare({ ...decl(), query, params: [] }));
      expect(error?.message).toMatch(/read-only transaction/);
    }
    const stacked = await runKind(
      postgresQuery,
      target,
      declare({ ...decl(), query: "select 1; delete from widgets", params: [] }),
    );
    expect(stacked.error?.message).toMatch(/multiple commands/);
    expect(await count(source.url!, "widgets")).toBe(40);
  });

  it("binds string parameters as values and stops a query at the statement timeout", async () => {
    const target = serviceWith({ id: "data.pg" });
    const byName = declare({
      ...decl(),
      query: "select count(*)::int from widgets where name = $1",
      params: [{ name: "name", maxLength: 100 }],
    });
    const hostile = await runKind(postgresQuery, target, byName, { name: "w1' or '1'='1" });
    expect((hostile.result as { rows: unknown[][] }).rows).toEqual([[0]]);
    const exact = await runKind(postgresQuery, target, byName, { name: "w1" });
    expect((exact.result as { rows: unknown[][] }).rows).toEqual([[1]]);

    const slow = declare({ ...decl(), query: "select pg_sleep(10)", params: [], timeout: "3s" });
    const started = Date.now();
    const { error } = await runKind(postgresQuery, target, slow);
    expect(error?.message).toMatch(/statement timeout/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("names the field when a parameter is invalid", () => {
    const parsed = postgresQuery
      .params(serviceWith({}), decl())
      .safeParse({ min_price: "1; drop table widgets" });
    expect(parsed.error?.issues[0].path).toEqual(["min_price"]);
  });
});

describe("postgres.backup to a folder, then postgres.restore", () => {
  for (const format of ["custom", "plain"] as const) {
    it(`${format}: the dump's sha256 matches the file, and it restores into another database`, async () => {
      const backup = declare({
        kind: "postgres.backup",
        id: `backup-${format}`,
        url: withPassword(source.url!),
        destination: { folder },
        format,
      });
      const restore = declare({
        kind: "postgres.restore",
        id: `restore-${format}`,
        url: restored.url!,
        from: backup.id,
      });
      const target = serviceWith({ id: "data.pg", actions: [backup, restore] });
      const made = await runKind(postgresBackup, target, backup);
      expect(made.error).toBeUndefined();
      const r = made.result as { file: string; bytes: number; sha256: string };
      expect(path.dirname(r.file)).toBe(folder);
      expect(path.basename(r.file)).toMatch(
        new RegExp(
          `^data\\.pg-opsdeck_pgsrc_\\d+_\\d+-\\d{8}T\\d{6}Z\\.${format === "custom" ? "dump" : "sql"}$`,
        ),
      );
      const bytes = readFileSync(r.file);
      expect(r.bytes).toBe(bytes.length);
      expect(r.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(statSync(r.file).mode & 0o777).toBe(0o600);
      expect(made.out.text("err")).toMatch(/dumping contents of table "public.widgets"/);
      expect(made.out.text()).not.toContain("pw-s3cret-value");

      // The restore form offers exactly the backups this service made.
      const schema = postgresRestore.params(target, restore);
      expect(schema.safeParse({ backup: "../etc/passwd" }).success).toBe(false);
      await sql(restored.url!, "drop table if exists widgets");
      const done = await runKind(postgresRestore, target, restore, { backup: path.basename(r.file) });
      expect(done.error).toBeUndefined();
      expect(await count(restored.url!, "widgets")).toBe(40);
      const [a] = await sql(source.url!, "select sum(price) as s, max(name) as m from widgets");
      const [b] = await sql(restored.url!, "select sum(price) as s, max(name) as m from widgets");
      expect(b).toEqual(a);
    });
  }

  it("restoring replaces changed rows, in one transaction", async () => {
    const backup = declare({ kind: "postgres.backup", id: "b", url: source.url!, destination: { folder } });
    const restore = declare({ kind: "postgres.restore", id: "r", url: restored.url!, from: "b" });
    const target = serviceWith({ id: "data.pg2", actions: [backup, restore] });
    const { result } = await runKind(postgresBackup, target, backup);
    await sql(restored.url!, "delete from widgets where id > 5");
    expect(await count(restored.url!, "widgets")).toBe(5);
    const done = await runKind(postgresRestore, target, restore, {
      backup: path.basename((result as { file: string }).file),
    });
    expect(done.error).toBeUndefined();
    expect(await count(restored.url!, "widgets")).toBe(40);
  });

  it("a failed dump leaves no file behind and says why", async () => {
    const bad = declare({
      kind: "postgres.backup",
      id: "bad",
      url: source.url!.replace(/\/[^/]+$/, "/no_such_db"),
      destination: { folder },
    });
    const before = new Set(readdirSync(folder));
    const { error } = await runKind(postgresBackup, serviceWith({ id: "data.pg3" }), bad);
    expect(error?.message).toMatch(/pg_dump failed .*no_such_db/);
    const after = readdirSync(folder).filter((f) => !before.has(f));
    expect(after).toEqual([]);
  });
});
