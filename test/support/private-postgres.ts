import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

/**
 * A throwaway Postgres cluster a test may stop and start at will (the shared one must stay up).
 * Made like scripts/services.sh does: initdb and pg_ctl as the postgres user, loopback only.
 */

const run = promisify(execFile);

async function pgBin(): Promise<string> {
  const versions = (await readdir("/usr/lib/postgresql")).sort((a, b) => Number(a) - Number(b));
  if (versions.length === 0)
    throw new Error("no Postgres in /usr/lib/postgresql (bash scripts/services.sh start postgres)");
  return `/usr/lib/postgresql/${versions[versions.length - 1]}/bin`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface PrivatePostgres {
  url: string;
  start(): Promise<void>;
  /** `fast`: disconnects clients and shuts down cleanly, like a restart for maintenance. */
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

export async function createPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = await pgBin();
  const dir = await mkdtemp(path.join(os.tmpdir(), "opsdeck-pg-"));
  const data = path.join(dir, "data");
  await run("chown", ["postgres:postgres", dir]);
  const asPostgres = (cmd: string, args: string[]) =>
    run("runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args], { timeout: 60_000 });
  await asPostgres("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const pgCtl = (...args: string[]) => asPostgres("pg_ctl", ["-D", data, ...args]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: async () =>
      void (await pgCtl("-l", path.join(dir, "server.log"), "-w", "-t", "30", "-o", options, "start")),
    stop: async () => void (await pgCtl("-m", "fast", "-w", "stop")),
    async destroy() {
      await pgCtl("-m", "immediate", "-w", "stop").catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
