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

const SECRET = "bench-secret-0123456789abcdef0123456789abcdef";

/**
 * The environment every console process of a bench gets: production, its own data folder, the
 * bench admin, the default log level (as shipped: nothing overrides OPSDECK_LOG_LEVEL).
 */
function consoleEnv(o: {
  configPath: string;
  dataDir: string;
  env?: Record<string, string>;
}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? os.tmpdir(),
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    OPSDECK_CONFIG: o.configPath,
    OPSDECK_DATA_DIR: o.dataDir,
    OPSDECK_ADMIN_EMAIL: ADMIN.email,
    OPSDECK_ADMIN_PASSWORD: ADMIN.password,
    NEXTAUTH_SECRET: SECRET,
    ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
    ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
    ...o.env,
  };
}

interface Spawned {
  child: ChildProcess;
  tail(): string;
  exited(): boolean;
  /** SIGTERM to the process group, SIGKILL after 5 s. */
  stop(): Promise<void>;
}

function spawnGroup(args: string[], cwd: string, env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(process.execPath, args, {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    // Own process group, so stop() reaches any child the server may fork.
    detached: true,
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split("\n").filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited = false;
  child.once("exit", () => (exited = true));
  return {
    child,
    tail: () => lines.slice(-30).join("\n"),
    exited: () => exited,
    async stop() {
      if (exited || !child.pid) return;
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
    },
  };
}

function appDir(): string {
  const dir = process.env.BENCH_APP_DIR ?? ROOT_DIR;
  if (!existsSync(path.join(dir, ".next", "BUILD_ID")))
    throw new Error(`no production build in ${dir}/.next: run \`npx next build\` first`);
  return dir;
}

export async function startConsoleApp(opts: {
  configPath: string;
  env?: Record<string, string>;
  /** An existing data folder (e.g. a pre-filled embedded database); the default is a new one, removed on stop. */
  dataDir?: string;
  /** When the process was asked to start (performance.now()), for cold-start figures; default now. Also gets the URL it will answer on. */
  onSpawn?: (t: number, baseUrl: string) => void;
}): Promise<ConsoleApp> {
  const cwd = appDir();
  const port = await freePort();
  const ownData = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "opsdeck-bench-data-"));
  const baseUrl = `http://127.0.0.1:${port}`;
  opts.onSpawn?.(performance.now(), baseUrl);
  const proc = spawnGroup(
    [
      // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to see where the console spends its time.
      ...(process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
      // From the app folder: server.mjs serves the build next to it (BENCH_APP_DIR's, not this checkout's).
      path.join(cwd, "scripts/server.mjs"),
      "-p",
      String(port),
      "-H",
      "127.0.0.1",
    ],
    cwd,
    consoleEnv({ configPath: opts.configPath, dataDir, env: { NEXTAUTH_URL: baseUrl, ...opts.env } }),
  );
  const stop = async () => {
    await proc.stop();
    if (ownData) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (proc.exited()) throw new Error(`console exited during start-up:\n${proc.tail()}`);
      if (Date.now() > deadline)
        throw new Error(`console did not answer /api/health within 120 s:\n${proc.tail()}`);
      const ok = await fetch(`${baseUrl}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const serverPid = listeningPid(port);
    if (!serverPid) throw new Error(`nothing listens on port ${port}`);
    return { baseUrl, port, rootPid: proc.child.pid!, serverPid, dataDir, tail: proc.tail, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The monitor on its own (`npm run worker`, OPSDECK_ROLE=worker). */
export interface WorkerProcess {
  pid: number;
  tail(): string;
  stop(): Promise<void>;
}

export async function startWorker(opts: {
  configPath: string;
  env: Record<string, string>;
}): Promise<WorkerProcess> {
  const cwd = appDir();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-bench-worker-"));
  const tsx = path.join(ROOT_DIR, "node_modules", "tsx", "dist", "cli.mjs");
  const proc = spawnGroup(
    [tsx, "--conditions=react-server", path.join(ROOT_DIR, "scripts/worker.ts")],
    cwd,
    consoleEnv({ configPath: opts.configPath, dataDir, env: { OPSDECK_ROLE: "worker", ...opts.env } }),
  );
  await new Promise((r) => setTimeout(r, 500));
  if (proc.exited()) throw new Error(`worker exited during start-up:\n${proc.tail()}`);
  return {
    pid: proc.child.pid!,
    tail: proc.tail,
    async stop() {
      await proc.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The scaled-out set-up: `webs` replicas with OPSDECK_ROLE=web and one OPSDECK_ROLE=worker, all on
 * one Postgres database and one Redis, as README describes. The worker is started first, so the
 * replicas find a map in Redis.
 */
export interface ConsoleCluster {
  webs: ConsoleApp[];
  worker: WorkerProcess;
  stop(): Promise<void>;
}

export async function startConsoleCluster(opts: {
  configPath: string;
  databaseUrl: string;
  redisUrl: string;
  webs?: number;
  env?: Record<string, string>;
}): Promise<ConsoleCluster> {
  const shared = { DATABASE_URL: opts.databaseUrl, REDIS_URL: opts.redisUrl, ...opts.env };
  const webs: ConsoleApp[] = [];
  let worker: WorkerProcess | undefined;
  const stop = async () => {
    await Promise.all(webs.map((w) => w.stop()));
    await worker?.stop();
  };
  try {
    // The first web replica migrates the database; then the worker, then the other replicas.
    webs.push(
      await startConsoleApp({ configPath: opts.configPath, env: { ...shared, OPSDECK_ROLE: "web" } }),
    );
    worker = await startWorker({ configPath: opts.configPath, env: shared });
    for (let i = 1; i < (opts.webs ?? 2); i++)
      webs.push(
        await startConsoleApp({ configPath: opts.configPath, env: { ...shared, OPSDECK_ROLE: "web" } }),
      );
    return { webs, worker, stop };
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
