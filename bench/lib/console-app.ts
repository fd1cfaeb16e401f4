import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { ROOT_DIR } from "./results";
import { listeningPid } from "./proc";

/**
 * Runs the built console (`npm start`: scripts/server.mjs) on a free loopback port with its own data folder and
 * config, the way an operator would, and signs in over HTTP like a browser (next-auth v4).
 */

export interface ConsoleApp {
  baseUrl: string;
  port: number;
  /** The spawned server process. */
  rootPid: number;
  /** The process that listens on the port (next may run the server in a child). */
  serverPid: number;
  dataDir: string;
  /** Last lines of the server's output, for error messages. */
  tail(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export const ADMIN = { email: "bench@opsdeck.local", password: "bench-password-1234" };

export async function startConsoleApp(opts: {
  configPath: string;
  env?: Record<string, string>;
}): Promise<ConsoleApp> {
  const appDir = process.env.BENCH_APP_DIR ?? ROOT_DIR;
  if (!existsSync(path.join(appDir, ".next", "BUILD_ID")))
    throw new Error(`no production build in ${appDir}/.next: run \`npx next build\` first`);
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-bench-data-"));
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to see where the console spends its time.
      ...(process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
      path.join(ROOT_DIR, "scripts/server.mjs"),
      "-p",
      String(port),
      "-H",
      "127.0.0.1",
    ],
    {
      cwd: appDir,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: process.env.HOME ?? os.tmpdir(),
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        OPSDECK_CONFIG: opts.configPath,
        OPSDECK_DATA_DIR: dataDir,
        OPSDECK_ADMIN_EMAIL: ADMIN.email,
        OPSDECK_ADMIN_PASSWORD: ADMIN.password,
        NEXTAUTH_SECRET: "bench-secret-0123456789abcdef0123456789abcdef",
        NEXTAUTH_URL: baseUrl,
        OPSDECK_LOG_LEVEL: "warn",
        ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
        ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
        ...opts.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
      // Own process group, so stop() reaches any child the server may fork.
      detached: true,
    },
  );
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split("\n").filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const tail = () => lines.slice(-30).join("\n");
  let exited = false;
  child.once("exit", () => (exited = true));

  const stop = async () => {
    if (!exited && child.pid) {
      const gone = new Promise((r) => child.once("exit", r));
      const signalGroup = (sig: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, sig);
        } catch {
          // already gone
        }
      };
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), 5000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (exited) throw new Error(`console exited during start-up:\n${tail()}`);
      if (Date.now() > deadline)
        throw new Error(`console did not answer /api/health within 60 s:\n${tail()}`);
      const ok = await fetch(`${baseUrl}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const serverPid = listeningPid(port);
    if (!serverPid) throw new Error(`nothing listens on port ${port}`);
    return { baseUrl, port, rootPid: child.pid!, serverPid, dataDir, tail, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Signs in with the credentials provider; returns the Cookie header to send afterwards. */
export async function signIn(baseUrl: string): Promise<string> {
  const jar = new Map<string, string>();
  const absorb = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  absorb(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header() },
    body: new URLSearchParams({ csrfToken, email: ADMIN.email, password: ADMIN.password, json: "true" }),
  });
  absorb(res);
  if (![...jar.keys()].some((k) => k.includes("session-token")))
    throw new Error(`sign-in failed: HTTP ${res.status} ${await res.text()}`);
  return header();
}

export async function getJson<T>(baseUrl: string, pathname: string, cookie: string): Promise<T> {
  const res = await fetch(`${baseUrl}${pathname}`, { headers: { cookie } });
  if (!res.ok) throw new Error(`GET ${pathname}: HTTP ${res.status}`);
  return (await res.json()) as T;
}
