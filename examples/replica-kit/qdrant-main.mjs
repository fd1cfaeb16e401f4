import { createServer, request } from "node:http";
import { startQdrantStandin } from "../../test/support/qdrant-standin.ts";
import { clearMode, currentMode } from "./replica-mode.mjs";

/**
 * The replicas' Qdrant: the project's one stand-in (test/support/qdrant-standin.ts, which follows
 * shared/contracts) bundled with this main into /replica/qdrant.mjs by scripts/replica-images.sh.
 *   QDRANT_COLLECTIONS=doctor_style:120:768,medical_knowledge:800:768   name:points[:vector size]
 *   QDRANT__SERVICE__API_KEY, QDRANT__SERVICE__READ_ONLY_API_KEY       as the real server reads them
 * The stand-in listens on loopback; this front serves it on 0.0.0.0:6333 and adds what a replica
 * needs on top: the points upsert that re-indexing sends, deleting a collection, and the modes
 *   down   /readyz answers 503 "some shards are not ready"
 *   slow   health endpoints answer after REPLICA_SLOW_MS (15 s)
 *   empty  every collection loses its points (a lost volume) until re-indexed or restarted
 */

const PORT = 6333;
const SLOW_MS = Number(process.env.REPLICA_SLOW_MS || 15_000);
const HEALTH = new Set(["/healthz", "/livez", "/readyz"]);
const DEFAULT_VECTOR_SIZE = 1536;

const declared = (process.env.QDRANT_COLLECTIONS ?? "")
  .split(",")
  .filter(Boolean)
  .map((entry) => {
    const [name, points = "0", size = String(DEFAULT_VECTOR_SIZE)] = entry.trim().split(":");
    return [name, { pointsCount: Number(points), vectorSize: Number(size) }];
  });

clearMode();
const standin = await startQdrantStandin({
  apiKey: process.env.QDRANT__SERVICE__API_KEY || undefined,
  readOnlyApiKey: process.env.QDRANT__SERVICE__READ_ONLY_API_KEY || undefined,
  collections: Object.fromEntries(declared),
});
let appliedMode = "ok";
let operationId = 0;

createServer((req, res) => {
  const started = process.hrtime.bigint();
  res.on("finish", () => accessLog(req, res, started));
  serve(req, res).catch((error) => {
    log("ERROR", "qdrant::actix", `replica front: ${error}`);
    if (!res.headersSent) send(res, 500, { status: { error: `Service internal error: ${error}` }, time: 0 });
    else res.end();
  });
}).listen(PORT, "0.0.0.0", () => log("INFO", "qdrant::actix", `Qdrant HTTP listening on ${PORT}`));

async function serve(req, res) {
  const mode = applyMode();
  const path = new URL(req.url ?? "/", "http://qdrant").pathname.replace(/\/+$/, "") || "/";
  if (mode === "slow" && HEALTH.has(path)) await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
  const collection = /^\/collections\/([^/]+)(\/points)?$/.exec(path);
  const name = collection && decodeURIComponent(collection[1]);
  if (req.method === "PUT" && collection?.[2]) return upsertPoints(name, req, res);
  if (req.method === "DELETE" && collection && !collection[2]) return deleteCollection(name, req, res);
  forward(req, res);
}

/** Applies a mode once, when it changes: the stand-in keeps state, the mode file only says what to break. */
function applyMode() {
  const mode = currentMode();
  if (mode === appliedMode) return mode;
  standin.setReady(mode !== "down");
  if (mode === "empty") for (const [name] of declared) standin.setCollection(name, { pointsCount: 0 });
  appliedMode = mode;
  return mode;
}

/** PUT /collections/{name}/points: counts the points into the collection. */
async function upsertPoints(name, req, res) {
  let body;
  try {
    body = JSON.parse((await readAll(req)).toString("utf8") || "{}");
  } catch (error) {
    return send(res, 400, { status: { error: `Format error in JSON body: ${error.message}` }, time: 0.0001 });
  }
  const added = body.points?.length ?? body.batch?.ids?.length ?? 0;
  const info = await standinLookup(`/collections/${encodeURIComponent(name)}`, req, res);
  if (!info) return;
  standin.setCollection(name, { pointsCount: (info.result.points_count ?? 0) + added });
  const wait = new URL(req.url ?? "/", "http://qdrant").searchParams.get("wait") !== "false";
  send(res, 200, {
    result: { operation_id: ++operationId, status: wait ? "completed" : "acknowledged" },
    status: "ok",
    time: 0.001,
  });
}

/** DELETE /collections/{name}: `result` says whether there was one to delete, as Qdrant's does. */
async function deleteCollection(name, req, res) {
  const exists = await standinLookup(`/collections/${encodeURIComponent(name)}/exists`, req, res);
  if (!exists) return;
  standin.removeCollection(name);
  send(res, 200, { result: exists.result.exists, status: "ok", time: 0.001 });
}

/**
 * Asks the stand-in with the caller's credentials, so its auth and 404s stay the contract's:
 * the parsed answer, or undefined once a failure has been passed on to the caller.
 */
async function standinLookup(path, req, res) {
  const answer = await fetch(`${standin.url}${path}`, {
    headers: pick(req.headers, ["api-key", "authorization"]),
  });
  if (answer.status === 200) return answer.json();
  res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/plain" });
  res.end(Buffer.from(await answer.arrayBuffer()));
  return undefined;
}

function send(res, status, body) {
  const raw = JSON.stringify(body);
  res.setHeader("content-type", "application/json");
  res.setHeader("content-length", Buffer.byteLength(raw));
  res.writeHead(status);
  res.end(raw);
}

function forward(req, res) {
  const upstream = request(
    `${standin.url}${req.url}`,
    { method: req.method, headers: req.headers },
    (answer) => {
      for (const [name, value] of Object.entries(answer.headers))
        if (value !== undefined) res.setHeader(name, value);
      res.writeHead(answer.statusCode ?? 502);
      answer.pipe(res);
    },
  );
  upstream.on("error", () => {
    res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
}

function readAll(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

function pick(headers, names) {
  return Object.fromEntries(names.filter((n) => headers[n]).map((n) => [n, String(headers[n])]));
}

/** Qdrant's own format: actix's access log line, so `docker logs` reads like the real container. */
function accessLog(req, res, started) {
  const seconds = (Number(process.hrtime.bigint() - started) / 1e9).toFixed(6);
  const from = req.socket.remoteAddress?.replace(/^::ffff:/, "");
  const agent = req.headers["user-agent"] ?? "-";
  log(
    "INFO",
    "actix_web::middleware::logger",
    `${from} "${req.method} ${req.url} HTTP/1.1" ${res.statusCode} ${res.getHeader("content-length") ?? 0} "-" "${agent}" ${seconds}`,
  );
}

function log(level, target, message) {
  process.stdout.write(`${new Date().toISOString()}  ${level} ${target}: ${message}\n`);
}

for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(143));
