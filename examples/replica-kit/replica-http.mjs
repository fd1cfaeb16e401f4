import { readFileSync } from "node:fs";
import { STATUS_CODES, createServer } from "node:http";
import { clearMode, currentMode } from "./replica-mode.mjs";
import { redis } from "./replica-redis.mjs";
import { render } from "./replica-template.mjs";

/**
 * Stands in for one application service of a replica stack, with no dependencies:
 *   node replica-http.mjs <routes.json>        (or REPLICA_ROUTES=<routes.json>)
 * It answers the routes in the file, each per mode (see replica-mode.mjs); prints JSON log lines
 * like the real service, per mode; and can push to or drain a Redis list as a Taskiq broker does.
 * The file's shape is described in examples/replica-kit/README.md.
 */

/** How long `slow` holds a health answer: past the 10 s default check timeout. */
const SLOW_MS = Number(process.env.REPLICA_SLOW_MS || 15_000);

const file = process.argv[2] || process.env.REPLICA_ROUTES;
if (!file) fail("usage: replica-http.mjs <routes.json> (or REPLICA_ROUTES)");
const spec = JSON.parse(readFileSync(file, "utf8"));
checkSpec(spec);
clearMode();

emitEach(spec.startup ?? [], {});
for (const port of spec.ports) {
  createServer((req, res) =>
    handle(port, req, res).catch((error) => {
      // A replica that dies on one odd request would look like an outage of the real service.
      emit({ level: "error", event: "replica_error", path: req.url, error: String(error) }, {});
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }),
  ).listen(port, "0.0.0.0");
}
if (spec.logs) setInterval(() => emitEach(linesFor(spec.logs.lines), {}), spec.logs.everyMs ?? 2000);
if (spec.queue) drain(spec.queue);
if (spec.exits) setInterval(exitIfAsked, 250);
// Docker stops a container with SIGTERM; as PID 1, node would otherwise ignore it for 10 s.
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(143));

async function handle(port, req, res) {
  const url = new URL(req.url ?? "/", "http://replica");
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
  const scope = {
    env: process.env,
    method: req.method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    header: headers,
    body: parseBody(await readBody(req), headers["content-type"]),
    remote: `${req.socket.remoteAddress?.replace(/^::ffff:/, "")}:${req.socket.remotePort}`,
  };
  const route = spec.routes.find((r) => matches(r, port, scope));
  const answer = route ? inMode(route, currentMode()) : (spec.notFound ?? { status: 404, text: "Not Found" });
  if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
  let response = answer;
  if (answer.enqueue) {
    try {
      const { redis: address, list, item } = answer.enqueue;
      await redis(address, ["LPUSH", list, JSON.stringify(render(item, scope))]);
    } catch (error) {
      emit(
        { level: "error", event: "enqueue_failed", path: scope.path, error: String(error.message) },
        scope,
      );
      response = spec.errorResponse ?? { status: 500, text: "Internal Server Error" };
    }
  }
  emitEach(answer.log ? [answer.log].flat() : [], scope);
  respond(res, response, scope);
  if (spec.accessLog && !(spec.accessLogSkip ?? []).includes(scope.path))
    emit(spec.accessLog, { ...scope, status: res.statusCode, reason: STATUS_CODES[res.statusCode] });
}

function matches(route, port, scope) {
  if (route.port && route.port !== port) return false;
  if ((route.method ?? "GET") !== "*" && (route.method ?? "GET") !== scope.method) return false;
  const path = route.path.endsWith("*")
    ? scope.path.startsWith(route.path.slice(0, -1))
    : scope.path === route.path;
  if (!path) return false;
  // `when.headers`: each header must equal the value ("*": be present), e.g. an API key from env.
  const wanted = render(route.when?.headers ?? {}, scope);
  return Object.entries(wanted).every(([name, value]) => {
    const sent = scope.header[name.toLowerCase()];
    return value === "*" ? sent !== undefined : sent === value;
  });
}

/** The route's answer in `mode`: the mode's fields over the route's own (so `slow` can add only a delay). */
function inMode(route, mode) {
  const implicitSlow = route.health && mode === "slow" ? { delayMs: SLOW_MS } : {};
  return { ...route, ...implicitSlow, ...(route.modes?.[mode] ?? {}) };
}

function respond(res, answer, scope) {
  const headers = { ...(answer.headers ?? {}) };
  let body = "";
  if (answer.json !== undefined) {
    body = JSON.stringify(render(answer.json, scope));
    headers["content-type"] ??= "application/json";
  } else if (answer.text !== undefined) {
    body = String(render(answer.text, scope));
    headers["content-type"] ??= answer.contentType ?? "text/plain; charset=utf-8";
  }
  res.writeHead(answer.status ?? 200, headers);
  res.end(scope.method === "HEAD" ? undefined : body);
}

/**
 * Takes tasks off a Redis list as a Taskiq worker does, logging the mode's lines for each task.
 * Modes in `pausedIn` take nothing (a stuck or stopped worker): the list then grows.
 */
function drain(queue) {
  let failing = false;
  const tick = async () => {
    if (!(queue.pausedIn ?? []).includes(currentMode())) {
      try {
        const item = await redis(queue.redis, ["RPOP", queue.list]);
        failing = false;
        if (item !== null) emitEach(linesFor(queue.lines), { task: parseJson(item) ?? {} });
      } catch (error) {
        if (!failing)
          emit({ level: "error", event: "broker_connection_error", error: String(error.message) }, {});
        failing = true;
      }
    }
    setTimeout(tick, queue.everyMs ?? 100);
  };
  void tick();
}

/**
 * Modes in which the process dies as the real one would (e.g. `oom`: exit 137). Docker's restart
 * policy then starts it again, and the start clears the mode.
 */
function exitIfAsked() {
  const exit = spec.exits[currentMode()];
  if (!exit) return;
  emitEach(exit.log ? [exit.log].flat() : [], {});
  process.exit(exit.code);
}

/** The mode's lines, or the `ok` lines when the mode has none of its own. */
function linesFor(byMode) {
  return byMode[currentMode()] ?? byMode.ok ?? [];
}

function emitEach(lines, scope) {
  for (const line of lines) emit(line, scope);
}

/** One log line on stdout: a string as it is, an object as compact JSON with a timestamp. */
function emit(line, scope) {
  const rendered = render(line, scope);
  const text =
    typeof rendered === "string"
      ? rendered
      : JSON.stringify({ ...rendered, timestamp: new Date().toISOString() });
  process.stdout.write(`${text}\n`);
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

function parseBody(text, contentType = "") {
  if (contentType.includes("application/x-www-form-urlencoded"))
    return Object.fromEntries(new URLSearchParams(text));
  return parseJson(text) ?? text;
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Fails at start on a routes file that would misbehave later. */
function checkSpec(s) {
  if (!Array.isArray(s.ports) || s.ports.length === 0) fail(`${file}: "ports" must list at least one port`);
  if (!Array.isArray(s.routes)) fail(`${file}: "routes" must be a list`);
  for (const route of s.routes) {
    const where = `${file}: route ${route.method ?? "GET"} ${route.path}`;
    if (typeof route.path !== "string") fail(`${file}: every route needs a "path"`);
    // Every replica service understands the standard modes, so a health route must say how it fails.
    if (route.health && !route.modes?.down) fail(`${where} is a health route without a "down" answer`);
    for (const mode of Object.keys(route.modes ?? {}))
      if (!/^[a-z][a-z0-9-]*$/.test(mode)) fail(`${where}: mode names are lowercase words (${mode})`);
  }
  if (!s.routes.some((r) => r.health))
    fail(`${file}: no route is marked "health", so "down" and "slow" would change nothing`);
}

function fail(message) {
  process.stderr.write(`replica-http: ${message}\n`);
  process.exit(2);
}
