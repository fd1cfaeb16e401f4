import pg from "pg";
import { createScratchDatabase, type ScratchDatabase } from "./scratch-database";

/**
 * The Postgres server benchmarks use: `BENCH_PG_URL` (a superuser URL; `bash scripts/services.sh
 * start bench` runs one with the settings Postgres ships with). A benchmark refuses a server that
 * would flatter it: fsync, synchronous_commit or full_page_writes off (the test server runs with
 * fsync=off). `BENCH_ALLOW_UNSAFE_PG=1` overrides, and the result then says so.
 */
export interface DurableServer {
  adminUrl: string;
  /** SHOW of the settings that decide durability and the page cache, recorded with each result. */
  settings: Record<string, string>;
  /** The postmaster's pid on this machine (its processes are counted in CPU and RSS), or null. */
  postmasterPid: number | null;
}

const CHECKED = [
  "fsync",
  "synchronous_commit",
  "full_page_writes",
  "shared_buffers",
  "wal_level",
  "server_version",
];

export async function durablePostgres(): Promise<DurableServer> {
  const adminUrl = process.env.BENCH_PG_URL;
  if (!adminUrl)
    throw new Error(
      'BENCH_PG_URL is not set: bash scripts/services.sh start bench && eval "$(bash scripts/services.sh env)"',
    );
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const settings: Record<string, string> = {};
    for (const name of CHECKED) settings[name] = (await client.query(`SHOW ${name}`)).rows[0][name];
    const unsafe = ["fsync", "synchronous_commit", "full_page_writes"].filter((n) => settings[n] === "off");
    if (unsafe.length && process.env.BENCH_ALLOW_UNSAFE_PG !== "1")
      throw new Error(
        `BENCH_PG_URL's server runs with ${unsafe.map((n) => `${n}=off`).join(", ")}: figures from it are not what a durable server gives (use scripts/services.sh start bench, or BENCH_ALLOW_UNSAFE_PG=1 to measure anyway)`,
      );
    let postmasterPid: number | null = null;
    try {
      const dir = (await client.query("SHOW data_directory")).rows[0].data_directory as string;
      const { readFileSync } = await import("node:fs");
      postmasterPid = Number(readFileSync(`${dir}/postmaster.pid`, "utf8").split("\n")[0]) || null;
    } catch {
      // another machine, or no permission to read the data folder: the server's own CPU is not counted
    }
    return { adminUrl, settings, postmasterPid };
  } finally {
    await client.end();
  }
}

/** A fresh, empty database on the durable server, for one run of a console (which migrates it). */
export async function scratchOnDurable(server: DurableServer, prefix: string): Promise<ScratchDatabase> {
  return createScratchDatabase(server.adminUrl, prefix);
}
