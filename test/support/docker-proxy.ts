import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** A unix-socket proxy in front of the engine that can "die" and "come back", like a restarted daemon. */
export function flakyEngineProxy(targetSocket: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-dproxy-"));
  const sock = path.join(dir, "docker.sock");
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const up = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const engine = net.connect(targetSocket);
        for (const s of [client, engine]) {
          sockets.add(s);
          s.on("close", () => sockets.delete(s));
          s.on("error", () => undefined);
        }
        client.pipe(engine).pipe(client);
      });
      server.listen(sock, resolve);
    });
  const down = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server?.listening) return resolve();
      server.close(() => resolve());
    });
  return {
    host: `unix://${sock}`,
    up,
    down,
    async dispose() {
      await down();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
