import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openEmbedded } from "@/lib/infra/db";

describe("the embedded database", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "opsdeck-embedded-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("is created on first start, migrated, and keeps its data across restarts", async () => {
    const dataDir = path.join(root, "data");
    const first = await openEmbedded(dataDir, "8MB");
    const dir = path.join(dataDir, "pglite");
    expect(existsSync(path.join(dir, "PG_VERSION"))).toBe(true);
    expect(existsSync(`${dir}.init`)).toBe(false); // made aside, then renamed into place
    const [{ shared_buffers }] =
      await first.client.$queryRawUnsafe<{ shared_buffers: string }[]>("SHOW shared_buffers");
    expect(shared_buffers).toBe("8MB");
    await first.client.user.create({
      data: { email: "kept@example.com", name: "Kept", passwordHash: "x", role: "viewer" },
    });
    await first.close();
    const created = statSync(path.join(dir, "PG_VERSION")).mtimeMs;

    const second = await openEmbedded(dataDir, "16MB");
    expect(await second.client.user.count({ where: { email: "kept@example.com" } })).toBe(1);
    const [{ shared_buffers: again }] =
      await second.client.$queryRawUnsafe<{ shared_buffers: string }[]>("SHOW shared_buffers");
    expect(again).toBe("16MB");
    await second.close();
    expect(statSync(path.join(dir, "PG_VERSION")).mtimeMs).toBe(created); // opened, not re-created
  }, 120_000);

  it("refuses a folder that holds something other than a database, and leaves it alone", async () => {
    const dataDir = path.join(root, "stray");
    mkdirSync(path.join(dataDir, "pglite"), { recursive: true });
    writeFileSync(path.join(dataDir, "pglite", "notes.txt"), "not a database");
    await expect(openEmbedded(dataDir)).rejects.toThrow(/pglite is not empty but holds no database/);
    expect(existsSync(path.join(dataDir, "pglite", "notes.txt"))).toBe(true);
  });
});
