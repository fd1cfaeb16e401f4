import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresBackup, postgresRestore } from "@/lib/actions/kinds/postgres";
import { openArtifact } from "@/lib/artifacts/download";
import { removeArtifact } from "@/lib/artifacts/remove";
import { recordRunArtifact } from "@/lib/artifacts/store";
import { Validation } from "@/lib/errors";
import {
  BUSYBOX_IMAGE,
  docker,
  ensureTestImages,
  removeContainer,
  runContainer,
  TEST_LABEL,
  testGateway,
  type TestContainer,
} from "@/test/support/docker";
import { scratchPostgres, type ScratchDb } from "@/test/support/scratch-db";
import { declare, runKind, serviceWith, testDeps } from "./actions-data-support";

/**
 * postgres.backup into a named volume: pg_dump runs inside a container of the service. No
 * Postgres image can be pulled here, so the "database container" is busybox with the host's
 * Postgres client tools and libraries bind-mounted read-only and the test server's socket
 * mounted where the official image keeps it; the dump and the volume are real.
 */

const port = process.env.TEST_PG_PORT ?? new URL(process.env.TEST_DATABASE_URL!).port;
const volume = `opsdeck-t-pgdump-${process.pid}-${Date.now().toString(36)}`;
let source: ScratchDb;
let restored: ScratchDb;
let box: TestContainer;
let other: TestContainer;

const pgBin = () => {
  const majors = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
  return `/usr/lib/postgresql/${majors[0]}/bin`;
};

const deps = () => ({ ...testDeps(), docker: testGateway() });

async function count(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query("select count(*) as n from gadgets")).rows[0].n);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await ensureTestImages();
  source = await scratchPostgres("opsdeck_pgvol");
  restored = await scratchPostgres("opsdeck_pgvdst");
  const client = new pg.Client({ connectionString: source.url });
  await client.connect();
  await client.query(
    "create table gadgets (id int primary key); insert into gadgets select generate_series(1, 123)",
  );
  await client.end();
  await docker(["volume", "create", "--label", TEST_LABEL, volume]);
  const libs = [
    "/usr:/usr:ro",
    "/usr/lib:/lib:ro",
    ...(existsSync("/usr/lib64") ? ["/usr/lib64:/lib64:ro"] : []),
  ];
  const name = `opsdeck-t-pgvol-${Date.now().toString(36)}`;
  const id = await docker([
    "run", "-d", "--name", name, "--label", TEST_LABEL,
    ...libs.flatMap((v) => ["-v", v]),
    "-v", `/tmp/.s.PGSQL.${port}:/var/run/postgresql/.s.PGSQL.${port}`,
    "-v", `${volume}:/backups`,
    "-e", `PATH=${pgBin()}:/bin:/usr/bin`,
    BUSYBOX_IMAGE, "sleep", "600",
  ]); // prettier-ignore
  box = { id, name };
  other = await runContainer();
});
afterAll(async () => {
  if (box) await removeContainer(box.id);
  if (other) await removeContainer(other.id);
  await docker(["volume", "rm", "-f", volume]).catch(() => undefined);
  await source?.drop();
  await restored?.drop();
});

describe("postgres.backup into a named volume", () => {
  it("dumps inside the container, reports size and checksum of the file in the volume, and restores from it", async () => {
    const backup = declare({
      kind: "postgres.backup",
      id: "to-volume",
      // The password is for the console's own connections; inside the container the socket is used.
      url: source.url!.replace("postgres@", "postgres:never-shown@"),
      destination: { volume },
    });
    const restore = declare({
      kind: "postgres.restore",
      id: "from-volume",
      url: restored.url!,
      from: "to-volume",
    });
    const target = serviceWith({ id: "data.pgvol", containers: [box], actions: [backup, restore] });

    const made = await runKind(postgresBackup, target, backup, {}, { deps: deps() });
    expect(made.error).toBeUndefined();
    const r = made.result as { volume: string; path: string; bytes: number; sha256: string };
    expect(r.volume).toBe(volume);
    expect(r.path).toMatch(/^\/backups\/data\.pgvol-opsdeck_pgvol_\d+_\d+-\d{8}T\d{6}Z\.dump$/);
    // Read the file back through a different container that mounts the same volume.
    const check = await docker(["run", "--rm", "--label", TEST_LABEL, "-v", `${volume}:/v:ro`, BUSYBOX_IMAGE, "sh", "-c", `stat -c %s /v/${r.path.slice(9)}; sha256sum /v/${r.path.slice(9)}`]); // prettier-ignore
    const [bytes, sum] = check.split("\n");
    expect(Number(bytes)).toBe(r.bytes);
    expect(sum.split(/\s+/)[0]).toBe(r.sha256);
    expect(made.out.text()).not.toContain("never-shown");

    const file = r.path.slice("/backups/".length);
    expect(postgresRestore.params(target, restore).safeParse({ backup: "x; rm -rf /" }).success).toBe(false);
    const missing = await runKind(
      postgresRestore,
      target,
      restore,
      { backup: file.replace(/\d{6}Z/, "000000Z") },
      { deps: deps() },
    );
    expect(missing.error?.message).toMatch(/not in volume/);
    const done = await runKind(postgresRestore, target, restore, { backup: file }, { deps: deps() });
    expect(done.error).toBeUndefined();
    expect(await count(restored.url!)).toBe(123);
  });

  it("lists the dump as an artifact, reads it back through the archive API, and deletes it in the container", async () => {
    const backup = declare({ kind: "postgres.backup", id: "art", url: source.url!, destination: { volume } });
    const target = serviceWith({ id: "data.pgart", containers: [box], actions: [backup] });
    const made = await runKind(postgresBackup, target, backup, {}, { deps: deps() });
    expect(made.error).toBeUndefined();
    const r = made.result as { path: string; bytes: number; sha256: string };
    const artifact = await recordRunArtifact(source.db, {
      id: randomUUID(),
      kind: "postgres.backup",
      status: "succeeded",
      serviceId: "data.pgart",
      result: made.result,
    });
    expect(artifact).toMatchObject({
      location: "volume",
      serviceId: "data.pgart",
      bytes: r.bytes,
      sha256: r.sha256,
    });
    const where = {
      docker: testGateway(),
      actionsDir: "/nonexistent",
      catalog: async () => null,
      actionOf: async () => null,
    };

    const { body } = await openArtifact(artifact!, where);
    const bytes = Buffer.from(await new Response(body).arrayBuffer());
    expect(bytes.length).toBe(r.bytes);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(r.sha256);
    expect(bytes.subarray(0, 5).toString()).toBe("PGDMP");

    await removeArtifact(artifact!, where);
    const listing = await docker(["run", "--rm", "--label", TEST_LABEL, "-v", `${volume}:/v:ro`, BUSYBOX_IMAGE, "ls", "/v"]); // prettier-ignore
    expect(listing).not.toContain(r.path.slice("/backups/".length));
  });

  it("refuses a container that does not mount the volume", async () => {
    const backup = declare({ kind: "postgres.backup", id: "v", url: source.url!, destination: { volume } });
    const target = serviceWith({ id: "data.pgvol2", containers: [other] });
    const { error } = await runKind(postgresBackup, target, backup, {}, { deps: deps() });
    expect(error).toBeInstanceOf(Validation);
    expect(error?.message).toBe(`volume ${volume} is not mounted in ${other.name} (it mounts no volumes)`);
  });
});
