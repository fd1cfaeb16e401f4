import "server-only";
import { readFileSync } from "node:fs";
import type { Readable } from "node:stream";
import Docker from "dockerode";
import {
  DockerGatewayError,
  KILL_SIGNALS,
  toDetails,
  toStats,
  toSummary,
  type DockerEvent,
  type DockerGateway,
  type DockerGatewayOptions,
  type EventOptions,
  type ExecOptions,
  type ExecResult,
  type LogLine,
  type LogOptions,
} from "./docker-types";
import { CappedOutput, demuxFrames, jsonLines, LineSplitter, rawFrames } from "./docker-streams";
import { createFromSpec, toContainerSpec } from "./docker-spec";

/**
 * The one module that talks to the Docker engine. It exposes a fixed allow-list of
 * operations as typed methods and nothing else: no dockerode object, no generic passthrough,
 * so an action or a config file can never reach `rm`, `build` or `pull` through it.
 * Container writes are here by name; creating a container only copies one read by
 * `containerSpec`. The Engine API endpoints each operation calls are listed in ./docker-endpoints.ts.
 */
export const DOCKER_OPERATIONS = [
  "ping",
  "version",
  "listContainers",
  "inspectContainer",
  "containerLogs",
  "events",
  "execInContainer",
  "containerStats",
  "restartContainer",
  "stopContainer",
  "startContainer",
  "killContainer",
  "containerSpec",
  "createContainer",
  "removeContainer",
  "renameContainer",
  "archiveFile",
] as const;
export type DockerOperation = (typeof DOCKER_OPERATIONS)[number];
export * from "./docker-types";
export type { ContainerSpec, SpecNetwork } from "./docker-spec";

export function createDockerGateway(opts: DockerGatewayOptions): DockerGateway {
  const docker = new Docker(connectionOptions(opts));
  // Excess-property checks make the literal carry exactly the allow-listed operations.
  const gateway: DockerGateway & Record<DockerOperation, unknown> = {
    ping: async () => {
      await call(() => docker.ping());
      return true;
    },
    version: async () => {
      const v = await call(() => docker.version());
      return { version: v.Version, apiVersion: v.ApiVersion, os: v.Os, arch: v.Arch };
    },
    listContainers: async ({ all = false } = {}) =>
      (await call(() => docker.listContainers({ all }))).map(toSummary),
    inspectContainer: async (id) => toDetails(await call(() => docker.getContainer(checkId(id)).inspect())),
    containerLogs: (id, logOpts = {}) => readLogs(docker, checkId(id), logOpts),
    events: (eventOpts = {}) => readEvents(docker, eventOpts),
    execInContainer: (id, argv, execOpts) => runExec(docker, checkId(id), argv, execOpts),
    containerStats: async (id, statsOpts = {}) =>
      toStats(
        await call(() =>
          docker.getContainer(checkId(id)).stats({
            stream: false,
            ...(statsOpts.oneShot ? { "one-shot": true } : {}),
            abortSignal: statsOpts.signal,
          } as { stream: false; "one-shot"?: boolean }),
        ),
      ),
    restartContainer: async (id, o = {}) => {
      await call(() =>
        docker.getContainer(checkId(id)).restart({ t: o.timeoutS ?? 10, abortSignal: o.signal } as object),
      );
    },
    stopContainer: (id, o = {}) =>
      changed(() =>
        docker.getContainer(checkId(id)).stop({ t: o.timeoutS ?? 10, abortSignal: o.signal } as object),
      ),
    startContainer: (id, o = {}) =>
      changed(() => docker.getContainer(checkId(id)).start({ abortSignal: o.signal } as object)),
    killContainer: async (id, killSignal, o = {}) => {
      if (!(KILL_SIGNALS as readonly string[]).includes(killSignal))
        throw new DockerGatewayError("invalid", `signal must be one of ${KILL_SIGNALS.join(", ")}`);
      await call(() =>
        docker.getContainer(checkId(id)).kill({ signal: killSignal, abortSignal: o.signal } as object),
      );
    },
    containerSpec: async (id) =>
      toContainerSpec(await call(() => docker.getContainer(checkId(id)).inspect())),
    createContainer: (name, spec, o = {}) =>
      call(() => createFromSpec(docker, checkId(name), spec, o.signal)),
    removeContainer: async (id, o = {}) => {
      await call(() => docker.getContainer(checkId(id)).remove({ v: false, force: o.force ?? false }));
    },
    renameContainer: async (id, name) => {
      await call(() => docker.getContainer(checkId(id)).rename({ name: checkId(name) }));
    },
    archiveFile: async (id, file) => {
      if (!file.startsWith("/") || file.includes("\0"))
        throw new DockerGatewayError("invalid", "archiveFile needs an absolute path without NUL bytes");
      return call(() => docker.getContainer(checkId(id)).getArchive({ path: file }));
    },
  };
  return Object.freeze(gateway);
}

function connectionOptions({ host, tls }: DockerGatewayOptions): Docker.DockerOptions {
  if (host.startsWith("unix://")) return { socketPath: host.slice("unix://".length) };
  const url = new URL(host.replace(/^tcp:/, tls ? "https:" : "http:"));
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new DockerGatewayError("invalid", `unsupported Docker host ${host}`);
  return {
    protocol: tls ? "https" : "http",
    host: url.hostname,
    port: url.port || (tls ? 2376 : 2375),
    ...(tls ? { ca: readFileSync(tls.ca), cert: readFileSync(tls.cert), key: readFileSync(tls.key) } : {}),
  };
}

/** Container ids and names only: keeps path segments like `../images` out of the URL. */
function checkId(id: string): string {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/.test(id))
    throw new DockerGatewayError("invalid", "invalid container id");
  return id;
}

/** Start and stop answer 304 when there is nothing to do: that is "unchanged", not a failure. */
async function changed(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 304) return false;
    throw toGatewayError(error);
  }
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toGatewayError(error);
  }
}

export function toGatewayError(error: unknown): DockerGatewayError {
  if (error instanceof DockerGatewayError) return error;
  const e = error as {
    statusCode?: number;
    code?: string;
    name?: string;
    message?: string;
    json?: { message?: string };
  };
  const message = e.json?.message ?? e.message ?? String(error);
  if (e.name === "AbortError" || e.code === "ABORT_ERR") return new DockerGatewayError("aborted", "aborted");
  if (e.statusCode === 404) return new DockerGatewayError("not_found", message, 404);
  if (e.code === "ECONNREFUSED" || e.code === "ENOENT" || e.code === "ECONNRESET" || e.code === "EPIPE")
    return new DockerGatewayError("unavailable", `Docker engine unreachable (${e.code})`);
  return new DockerGatewayError("failed", message, e.statusCode);
}

async function* readLogs(docker: Docker, id: string, o: LogOptions): AsyncGenerator<LogLine> {
  const container = docker.getContainer(id);
  const { tty } = toDetails(await call(() => container.inspect({ abortSignal: o.signal })));
  const seconds = (d?: Date) => (d ? (d.getTime() / 1000).toFixed(3) : undefined);
  const base = {
    stdout: true,
    stderr: true,
    since: seconds(o.since),
    until: seconds(o.until),
    tail: o.tail === "all" || o.tail === undefined ? undefined : o.tail,
    timestamps: o.timestamps ?? true,
    abortSignal: o.signal,
  };
  const source: Buffer | NodeJS.ReadableStream = o.follow
    ? await call(() => container.logs({ ...base, follow: true }))
    : await call(() => container.logs({ ...base, follow: false }));
  const splitter = new LineSplitter();
  const chunks = Buffer.isBuffer(source) ? [source] : (source as Readable);
  const frames = tty ? rawFrames(chunks) : demuxFrames(chunks);
  try {
    for await (const frame of frames) yield* splitter.push(frame.stream, frame.data, base.timestamps);
    yield* splitter.flush(base.timestamps);
  } catch (error) {
    if (o.signal?.aborted) return;
    throw toGatewayError(error);
  } finally {
    if (!Buffer.isBuffer(source)) (source as Readable).destroy();
  }
}

/** Resolves once the stream is open, so a follower knows it is connected before any event. */
async function readEvents(docker: Docker, o: EventOptions): Promise<AsyncIterable<DockerEvent>> {
  const stream = (await call(() =>
    docker.getEvents({
      since: o.since ? Math.floor(o.since.getTime() / 1000) : undefined,
      until: o.until ? Math.ceil(o.until.getTime() / 1000) : undefined,
      filters: o.filters ? JSON.stringify(o.filters) : undefined,
      abortSignal: o.signal,
    } as Docker.GetEventsOptions),
  )) as Readable;
  return parseEvents(stream, o.signal);
}

async function* parseEvents(stream: Readable, signal?: AbortSignal): AsyncGenerator<DockerEvent> {
  try {
    for await (const raw of jsonLines(stream)) {
      const e = raw as {
        Type?: string;
        Action?: string;
        Actor?: { ID?: string; Attributes?: Record<string, string> };
        time?: number;
        timeNano?: number;
      };
      yield {
        type: e.Type ?? "",
        action: e.Action ?? "",
        actorId: e.Actor?.ID ?? "",
        attributes: e.Actor?.Attributes ?? {},
        time: e.timeNano ? Math.floor(e.timeNano / 1e6) : (e.time ?? 0) * 1000,
      };
    }
  } catch (error) {
    if (signal?.aborted) return;
    throw toGatewayError(error);
  } finally {
    stream.destroy();
  }
}

/**
 * Runs argv (never a shell string) and waits for it. On timeout the stream is dropped and
 * an error thrown; Docker has no API to kill an exec, so the process may linger in the container.
 */
async function runExec(
  docker: Docker,
  id: string,
  argv: readonly string[],
  o: ExecOptions,
): Promise<ExecResult> {
  if (argv.length === 0 || argv.some((a) => typeof a !== "string" || a.includes("\0")))
    throw new DockerGatewayError("invalid", "exec needs a non-empty argv of strings without NUL bytes");
  if (o.signal?.aborted) throw new DockerGatewayError("aborted", "aborted");
  const exec = await call(() =>
    docker.getContainer(id).exec({
      Cmd: [...argv],
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      ...(o.env?.length ? { Env: o.env } : {}),
      ...(o.user ? { User: o.user } : {}),
      ...(o.workdir ? { WorkingDir: o.workdir } : {}),
    }),
  );
  const stream = await call(() => exec.start({ hijack: true, stdin: false }));
  const output = new CappedOutput(o.maxOutputBytes ?? 64 * 1024);
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DockerGatewayError("timeout", `timed out after ${o.timeoutMs}ms`)),
      o.timeoutMs,
    );
    onAbort = () => {
      const timedOut = (o.signal?.reason as { name?: string } | undefined)?.name === "TimeoutError";
      reject(
        timedOut
          ? new DockerGatewayError("timeout", `timed out after ${o.timeoutMs}ms`)
          : new DockerGatewayError("aborted", "aborted"),
      );
    };
    o.signal?.addEventListener("abort", onAbort, { once: true });
  });
  const drained = (async () => {
    for await (const frame of demuxFrames(stream as AsyncIterable<Buffer>)) output.push(frame);
  })();
  try {
    await Promise.race([drained, stopped]);
    const info = await call(() => exec.inspect());
    return {
      exitCode: info.ExitCode ?? -1,
      stdout: output.text("stdout"),
      stderr: output.text("stderr"),
      truncated: output.truncated,
    };
  } catch (error) {
    throw toGatewayError(error);
  } finally {
    clearTimeout(timer);
    if (onAbort) o.signal?.removeEventListener("abort", onAbort);
    stream.destroy();
    drained.catch(() => undefined);
    stopped.catch(() => undefined);
  }
}
