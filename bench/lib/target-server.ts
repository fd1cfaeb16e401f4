import { fork, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";

/**
 * The HTTP endpoint the capacity benchmark's checks probe: 200 with a small JSON body. It runs
 * in its own process so its CPU is not counted as the console's.
 */

export interface TargetServer {
  port: number;
  /** Requests answered so far. */
  requests(): Promise<number>;
  stop(): void;
}

type Message = { port: number } | { requests: number };

export async function startTargetServer(): Promise<TargetServer> {
  const child: ChildProcess = fork(import.meta.filename, ["--serve"], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const nextMessage = () =>
    new Promise<Message>((resolve, reject) => {
      child.once("message", (m) => resolve(m as Message));
      child.once("exit", (code) => reject(new Error(`target server exited (${code})`)));
    });
  const first = await nextMessage();
  if (!("port" in first)) throw new Error("target server did not report its port");
  return {
    port: first.port,
    async requests() {
      const reply = nextMessage();
      child.send("count");
      const m = await reply;
      return "requests" in m ? m.requests : Number.NaN;
    },
    stop: () => child.kill("SIGTERM"),
  };
}

function serve() {
  let requests = 0;
  const body = JSON.stringify({ status: "ok", version: "1.0.0", checks: { db: "ok", cache: "ok" } });
  const server = createServer((req, res) => {
    requests += 1;
    req.resume();
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
  // The console keeps many sockets alive; the defaults would close them under it every 5 s.
  server.keepAliveTimeout = 65_000;
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
  });
  process.on("message", () => process.send?.({ requests }));
  process.on("disconnect", () => process.exit(0));
}

if (process.argv.includes("--serve")) serve();
