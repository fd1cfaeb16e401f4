import "server-only";
import { spawn } from "node:child_process";
import { accessSync, constants, readdirSync } from "node:fs";
import path from "node:path";
import { Unavailable } from "@/lib/errors";
import { scrubSecrets } from "@/lib/probes/target";
import type { OutputSink } from "../types";

/**
 * Running the Postgres client tools (pg_dump, pg_restore, psql) on the console's host: argv
 * only, the password in the child's PGPASSWORD and nowhere else, stderr streamed as progress.
 */

export type PgTool = "pg_dump" | "pg_restore" | "psql";

/**
 * The newest /usr/lib/postgresql/<major>/bin/<tool>, else the first on PATH. pg_dump must be
 * at least the server's major version, so the highest installed one is the right default.
 */
export function findPgTool(tool: PgTool, pathVar: string | undefined, root = "/usr/lib/postgresql"): string {
  const majors = safeList(root)
    .filter((d) => /^\d+(\.\d+)?$/.test(d))
    .sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const candidate = path.join(root, major, "bin", tool);
    if (executable(candidate)) return candidate;
  }
  for (const dir of (pathVar ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, tool);
    if (executable(candidate)) return candidate;
  }
  throw new Unavailable(`${tool} is not installed on the console's host (apt-get install postgresql-client)`);
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface PgConnection {
  /** The URL without its password, for --dbname (libpq takes URIs there). */
  uri: string;
  password?: string;
  user?: string;
  database: string;
  port?: string;
}

export function splitConnection(url: string): PgConnection {
  const parsed = new URL(url);
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:")
    throw new Error("declaration url: expected postgres://user@host:port/database");
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.password = "";
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (!database) throw new Error("declaration url: name the database, e.g. postgres://user@host:5432/app");
  return {
    uri: parsed.toString(),
    password,
    user: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    database,
    port: parsed.port || undefined,
  };
}

export interface ToolRun {
  tool: string;
  args: string[];
  password?: string;
  /** PATH for the child; nothing else of the console's environment is passed on. */
  pathVar?: string;
  out: OutputSink;
  signal: AbortSignal;
}

/** Runs the tool, streaming its stderr (progress, warnings) as `err` lines; rejects on a non-zero exit. */
export function runPgTool(run: ToolRun): Promise<void> {
  const secrets = run.password ? [run.password] : [];
  const env: Record<string, string> = { PGCONNECT_TIMEOUT: "10", PGAPPNAME: "opsdeck-action", LC_ALL: "C" };
  if (run.pathVar) env.PATH = run.pathVar;
  if (run.password) env.PGPASSWORD = run.password;
  return new Promise((resolve, reject) => {
    const child = spawn(run.tool, run.args, {
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
      signal: run.signal,
    });
    let pending = "";
    let lastLine = "";
    const emit = (line: string) => {
      const clean = scrubSecrets(line, secrets);
      lastLine = clean || lastLine;
      if (clean) run.out.line(clean, "err");
    };
    const onData = (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? "";
      lines.forEach(emit);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", (error) => reject(run.signal.aborted ? run.signal.reason : error));
    child.on("close", (code, sig) => {
      if (pending) emit(pending);
      const name = path.basename(run.tool);
      if (run.signal.aborted) return reject(run.signal.reason);
      if (code === 0) return resolve();
      reject(
        new Error(
          `${name} failed (${sig ? `signal ${sig}` : `exit code ${code}`})${lastLine ? `: ${lastLine}` : ""}`,
        ),
      );
    });
  });
}
