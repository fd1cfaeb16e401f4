import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findPgTool, splitConnection } from "./pg-tools";

describe("splitConnection", () => {
  it("takes the password out of the URL and keeps the rest for libpq", () => {
    const conn = splitConnection("postgres://app:s%40cret@db:5433/shop?sslmode=disable");
    expect(conn).toEqual({
      uri: "postgres://app@db:5433/shop?sslmode=disable",
      password: "s@cret",
      user: "app",
      database: "shop",
      port: "5433",
    });
    expect(conn.uri).not.toContain("cret");
  });

  it("needs a postgres URL that names the database", () => {
    expect(() => splitConnection("redis://db:6379/0")).toThrow(/expected postgres/);
    expect(() => splitConnection("postgres://app@db:5432")).toThrow(/name the database/);
  });
});

describe("findPgTool", () => {
  const dirs: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const fakeTool = (file: string) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, "#!/bin/sh\n");
    chmodSync(file, 0o755);
  };

  it("picks the highest installed major version before PATH", () => {
    const root = tempDir("pgroot-");
    for (const v of ["9.6", "15", "13"]) fakeTool(path.join(root, v, "bin", "pg_dump"));
    const onPath = tempDir("pgpath-");
    fakeTool(path.join(onPath, "pg_dump"));
    expect(findPgTool("pg_dump", onPath, root)).toBe(path.join(root, "15", "bin", "pg_dump"));
  });

  it("falls back to PATH, and says how to install when missing", () => {
    const empty = tempDir("pgnone-");
    const onPath = tempDir("pgpath-");
    fakeTool(path.join(onPath, "psql"));
    expect(findPgTool("psql", `/nonexistent${path.delimiter}${onPath}`, empty)).toBe(
      path.join(onPath, "psql"),
    );
    expect(() => findPgTool("pg_restore", onPath, empty)).toThrow(
      /pg_restore is not installed.*postgresql-client/,
    );
  });
});
