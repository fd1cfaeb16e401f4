import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { PGlite, Results, Transaction } from "@electric-sql/pglite";

/**
 * The embedded database (PGlite: Postgres compiled to WebAssembly) on its own thread. In the
 * console's thread every statement ran synchronously inside WebAssembly: a retention delete, a
 * roll-up or a VACUUM over a day of history held the event loop for seconds, and checks started
 * that much late. Here the database works beside the monitor; the console's thread only posts
 * statements and receives rows.
 *
 * The handle offers the part of PGlite's API the console uses (query, exec, transaction, close),
 * so Prisma's PGlite adapter and the migration runner take it as they take PGlite itself. Rows
 * are parsed by PGlite in the worker, except for the types a caller brings its own parsers for
 * (Prisma's adapter does): those columns cross as text and are parsed here with the caller's
 * functions, which cannot be sent to another thread. Errors come back as PGlite's DatabaseError
 * with the server's fields (code, detail, constraint...), so callers map them as before.
 */

export type PGliteHandle = Pick<PGlite, "query" | "exec" | "transaction" | "close">;

type Op =
  | { op: "query"; sql: string; params?: unknown[]; rowMode?: "array" | "object"; raw: number[]; tx?: number }
  | { op: "exec"; sql: string; rowMode?: "array" | "object"; raw: number[]; tx?: number }
  | { op: "begin" }
  | { op: "rollback"; tx: number }
  | { op: "end"; tx: number; failed: boolean }
  | { op: "close" };

type Reply =
  { id: number; ok: true; result?: unknown } | { id: number; ok: false; error: Record<string, unknown> };

/** Runs in the worker (eval'd, CommonJS): one PGlite, statements in arrival order, transactions by id. */
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const mod = await import(workerData.entry);
  const PGlite = mod.PGlite ?? mod.default.PGlite;
  let db;
  try {
    db = await PGlite.create(workerData.dir, { startParams: workerData.startParams });
  } catch (error) {
    parentPort.postMessage({ id: 0, ok: false, error: { message: String(error && error.message || error) } });
    return;
  }
  parentPort.postMessage({ id: 0, ok: true });
  const txs = new Map();
  const rawParsers = (oids) => Object.fromEntries(oids.map((oid) => [oid, (text) => text]));
  const errorOf = (error) => {
    const out = { message: String(error && error.message || error), name: error && error.name };
    if (error && typeof error === "object")
      for (const [k, v] of Object.entries(error))
        if (v === null || ["string", "number", "boolean"].includes(typeof v)) out[k] = v;
    out.databaseError = error instanceof mod.messages.DatabaseError;
    return out;
  };
  const target = (m) => {
    if (m.tx === undefined) return db;
    const entry = txs.get(m.tx);
    if (!entry) throw new Error("transaction " + m.tx + " is not open");
    return entry.tx;
  };
  parentPort.on("message", async ({ id, m }) => {
    try {
      let result;
      if (m.op === "query")
        result = await target(m).query(m.sql, m.params, { rowMode: m.rowMode, parsers: rawParsers(m.raw) });
      else if (m.op === "exec")
        result = await target(m).exec(m.sql, { rowMode: m.rowMode, parsers: rawParsers(m.raw) });
      else if (m.op === "begin") {
        await new Promise((opened, failed) => {
          db.transaction((tx) => new Promise((finish, abort) => {
            txs.set(id, { tx, finish, abort });
            opened();
          })).then(
            (value) => { const e = txs.get(id); txs.delete(id); e && e.settled && e.settled.resolve(value); },
            (error) => { const e = txs.get(id); txs.delete(id); if (e && e.settled) e.settled.reject(error); else failed(error); },
          );
        });
      } else if (m.op === "rollback") await target(m).rollback();
      else if (m.op === "end") {
        const entry = txs.get(m.tx);
        if (!entry) throw new Error("transaction " + m.tx + " is not open");
        await new Promise((resolve, reject) => {
          entry.settled = { resolve, reject };
          if (m.failed) entry.abort(new Error("rolled back by the caller"));
          else entry.finish();
        }).catch((error) => { if (!m.failed) throw error; });
      } else if (m.op === "close") {
        await db.close();
        parentPort.postMessage({ id, ok: true });
        process.exit(0);
      }
      parentPort.postMessage({ id, ok: true, result });
    } catch (error) {
      parentPort.postMessage({ id, ok: false, error: errorOf(error) });
    }
  });
})();
`;

type Parsers = Record<number, (value: string, typeId: number) => unknown>;

/** Applies the caller's own parsers to the columns that crossed as text. */
function parseRaw(result: Results, parsers: Parsers | undefined): Results {
  if (!parsers) return result;
  const columns = result.fields.map((f, i) => ({
    i,
    name: f.name,
    parse: parsers[f.dataTypeID],
    oid: f.dataTypeID,
  }));
  const custom = columns.filter((c) => c.parse);
  if (custom.length === 0) return result;
  for (const row of result.rows as unknown[]) {
    const cells = row as Record<string | number, unknown>;
    for (const c of custom) {
      const key = Array.isArray(row) ? c.i : c.name;
      const value = cells[key];
      if (typeof value === "string") cells[key] = c.parse!(value, c.oid);
    }
  }
  return result;
}

export async function openPgliteThread(dir: string, startParams: string[]): Promise<PGliteHandle> {
  const pglite = await import("@electric-sql/pglite");
  const entry = pathToFileURL(
    createRequire(path.join(process.cwd(), "package.json")).resolve("@electric-sql/pglite"),
  ).href;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { entry, dir, startParams } });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let stopped: Error | null = null;

  const toError = (e: Record<string, unknown>): Error => {
    const message = String(e.message);
    if (!e.databaseError) return Object.assign(new Error(message), { code: e.code });
    const error = new pglite.messages.DatabaseError(message, 0, "error");
    for (const [k, v] of Object.entries(e))
      if (!["message", "name", "databaseError", "length", "stack"].includes(k))
        (error as unknown as Record<string, unknown>)[k] = v;
    return error;
  };

  const ready = new Promise<void>((resolve, reject) => pending.set(0, { resolve: () => resolve(), reject }));
  worker.on("message", (reply: Reply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.result);
    else p.reject(toError(reply.error));
  });
  const fail = (error: Error) => {
    stopped ??= error;
    for (const p of pending.values()) p.reject(stopped);
    pending.clear();
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`the embedded database thread stopped (exit ${code})`)));

  /** Posts one operation; its id is the message's (a transaction is known by its `begin`'s id). */
  const call = <T>(m: Op, id = nextId++): Promise<T> => {
    if (stopped) return Promise.reject(stopped);
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, m });
    });
  };
  await ready;

  type QueryOptions = { rowMode?: "array" | "object"; parsers?: Parsers };
  const queryOn = (tx?: number) => async (sql: string, params?: unknown[], options?: QueryOptions) => {
    const raw = Object.keys(options?.parsers ?? {}).map(Number);
    const result = await call<Results>({ op: "query", sql, params, rowMode: options?.rowMode, raw, tx });
    return parseRaw(result, options?.parsers);
  };
  const execOn = (tx?: number) => async (sql: string, options?: QueryOptions) => {
    const raw = Object.keys(options?.parsers ?? {}).map(Number);
    const results = await call<Results[]>({ op: "exec", sql, rowMode: options?.rowMode, raw, tx });
    return results.map((r) => parseRaw(r, options?.parsers));
  };

  const handle = {
    query: queryOn(),
    exec: execOn(),
    async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
      const id = nextId++;
      await call({ op: "begin" }, id);
      let closed = false;
      const tx = {
        query: queryOn(id),
        exec: execOn(id),
        async rollback() {
          await call({ op: "rollback", tx: id });
          closed = true;
        },
        get closed() {
          return closed;
        },
      } as unknown as Transaction;
      let value: T;
      try {
        value = await callback(tx);
      } catch (error) {
        await call({ op: "end", tx: id, failed: true }).catch(() => undefined);
        throw error;
      }
      await call({ op: "end", tx: id, failed: false });
      closed = true;
      return value;
    },
    async close() {
      if (stopped) return;
      await call({ op: "close" }).catch(() => undefined);
    },
  };
  return handle as unknown as PGliteHandle;
}
