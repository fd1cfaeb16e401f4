import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  createDockerGateway,
  DOCKER_OPERATIONS,
  type DockerGateway,
  type DockerOperation,
  type LogLine,
} from "@/lib/infra/docker";
import { DOCKER_ENDPOINTS, endpointLabel, matchDockerEndpoint } from "@/lib/infra/docker-endpoints";
import { allowlistProxy, type AllowlistProxy } from "../support/docker-allowlist-proxy";
import * as t from "../support/docker";

/**
 * Issue 4: the Docker module runs behind a socket proxy that allows only the endpoints it uses.
 * Every gateway operation goes through a proxy built from lib/infra/docker-endpoints.ts; the
 * proxy must refuse nothing Opsdeck does, and refuse what Opsdeck never does.
 */
const ROOT = path.resolve(__dirname, "../..");
const ALL_LABELS = DOCKER_ENDPOINTS.map(endpointLabel);
const endpointsOf = (op: DockerOperation) =>
  DOCKER_ENDPOINTS.filter((e) => e.operations.includes(op)).map(endpointLabel);

describe("the endpoint list", () => {
  it("documents the endpoints of every gateway operation, and only gateway operations", () => {
    const documented = new Set(DOCKER_ENDPOINTS.flatMap((e) => e.operations));
    expect(DOCKER_OPERATIONS.filter((op) => !documented.has(op))).toEqual([]);
    expect([...documented].filter((op) => !(DOCKER_OPERATIONS as readonly string[]).includes(op))).toEqual(
      [],
    );
    expect(new Set(ALL_LABELS).size).toBe(ALL_LABELS.length);
  });

  it("matches method and path, ignoring the query and the API version prefix", () => {
    const label = (method: string, url: string) => {
      const hit = matchDockerEndpoint(method, url);
      return hit && endpointLabel(hit);
    };
    expect(label("GET", "/v1.41/containers/opsdeck-web_1/json?size=false")).toBe("GET /containers/{id}/json");
    expect(label("POST", "/exec/0f3c9a/start")).toBe("POST /exec/{id}/start");
    expect(label("GET", "/containers/json?all=true")).toBe("GET /containers/json");
    for (const [method, url] of [
      ["GET", "/images/json"],
      ["POST", "/containers/prune"],
      ["POST", "/containers/abc/json"],
      ["GET", "/containers/%2E%2E/json"],
      ["GET", "/containers/../images/json"],
      // Reading one file out (a dump in a volume) is allowed; writing files in never is.
      ["PUT", "/v1.41/containers/abc/archive?path=/etc"],
      ["HEAD", "/v1.41/containers/abc/archive?path=/etc"],
      ["POST", "/containers/abc/attach"],
      ["DELETE", "/networks/abc"],
      ["GET", "/x/v1.41/_ping"],
    ])
      expect(label(method, url), `${method} ${url}`).toBeUndefined();
  });

  it("is the endpoint table of docs/docker-access.md", () => {
    const doc = readFileSync(path.join(ROOT, "docs/docker-access.md"), "utf8");
    // Each row: endpoint, then the operations that call it.
    const rows = [...doc.matchAll(/^\| `((?:GET|POST|DELETE|PUT|HEAD) \/[^`]*)` *\| ([^|]*)\|/gm)].map(
      (m) => `${m[1]} ${[...m[2].matchAll(/`(\w+)`/g)].map((o) => o[1]).sort()}`,
    );
    const listed = DOCKER_ENDPOINTS.map((e) => `${endpointLabel(e)} ${[...e.operations].sort()}`);
    expect(rows.sort()).toEqual(listed.sort());
  });

  it("is what the production compose file lets through docker-socket-proxy", () => {
    type Service = { environment?: Record<string, unknown>; volumes?: string[] };
    const compose = parse(readFileSync(path.join(ROOT, "docker-compose.yml"), "utf8")) as {
      services: Record<string, Service>;
    };
    const proxy = compose.services["docker-proxy"];
    const opsdeck = compose.services.opsdeck;
    const enabled = Object.entries(proxy.environment ?? {}).filter(([, v]) => String(v) === "1");
    const needed = new Set(DOCKER_ENDPOINTS.flatMap((e) => e.socketProxy));
    expect(enabled.map(([k]) => k).sort()).toEqual([...needed].sort());
    expect(proxy.volumes).toContain("/var/run/docker.sock:/var/run/docker.sock:ro");
    expect(opsdeck.environment?.DOCKER_HOST).toBe("tcp://docker-proxy:2375");
    expect((opsdeck.volumes ?? []).filter((v) => v.includes("docker.sock"))).toEqual([]);
  });
});

describe("the gateway behind an allow-list proxy", () => {
  const proof = randomUUID();
  const created: string[] = [];
  const exercised = new Set<DockerOperation>();
  let proxy: AllowlistProxy;
  let gw: DockerGateway;
  let c: t.TestContainer;
  let network: string;

  /** Runs one operation and checks every request it made is listed under that operation. */
  async function via<T>(op: DockerOperation, fn: () => Promise<T>): Promise<T> {
    const from = proxy.allowed.length;
    const result = await fn();
    const used = proxy.allowed.slice(from).map((r) => r.endpoint);
    expect(used.length, `${op} made no request`).toBeGreaterThan(0);
    for (const endpoint of used) expect(endpointsOf(op), `${op} used ${endpoint}`).toContain(endpoint);
    exercised.add(op);
    return result;
  }

  beforeAll(async () => {
    proxy = await allowlistProxy();
    gw = createDockerGateway({ host: proxy.host });
    network = `opsdeck-allowlist-${proof.slice(0, 8)}`;
    await t.docker(["network", "create", "--label", t.TEST_LABEL, network]);
    c = await t.runContainer({
      cmd: ["sh", "-c", "echo hello-through-proxy; echo oops >&2; sleep 300"],
      labels: { "opsdeck.allowlist-proof": proof },
    });
    created.push(c.id);
    // A second network, so copying the container needs POST /networks/{id}/connect.
    await t.docker(["network", "connect", network, c.id]);
  });

  afterAll(async () => {
    for (const id of created) await t.removeContainer(id);
    if (network) await t.docker(["network", "rm", network]).catch(() => undefined);
    await proxy?.dispose();
  });

  it("reads the engine and the container", async () => {
    expect(await via("ping", () => gw.ping())).toBe(true);
    expect((await via("version", () => gw.version())).apiVersion).toMatch(/^1\.\d+$/);
    const list = await via("listContainers", () => gw.listContainers({ all: true }));
    expect(list.map((x) => x.id)).toContain(c.id);
    const details = await via("inspectContainer", () => gw.inspectContainer(c.id));
    expect(details).toMatchObject({ name: c.name, running: true });
    const stats = await via("containerStats", () => gw.containerStats(c.id, { oneShot: true }));
    expect(stats.pids).toBeGreaterThan(0);
    expect(stats.memoryBytes).toBeGreaterThan(0);
  });

  it("streams logs, following until the reader stops", async () => {
    const lines = await via("containerLogs", async () => {
      const out: LogLine[] = [];
      for await (const line of gw.containerLogs(c.id, { tail: "all" })) out.push(line);
      return out;
    });
    // stdout and stderr are separate pipes: the engine may log them in either order.
    const written = [
      ["stderr", "oops"],
      ["stdout", "hello-through-proxy"],
    ];
    expect(lines.map((l) => [l.stream, l.line]).sort()).toEqual(written);
    const controller = new AbortController();
    const followed = await via("containerLogs", async () => {
      const out: LogLine[] = [];
      for await (const line of gw.containerLogs(c.id, { follow: true, signal: controller.signal }))
        if (out.push(line) === 2) break;
      return out;
    });
    controller.abort();
    expect(followed.map((l) => [l.stream, l.line]).sort()).toEqual(written);
  });

  it("runs exec over the upgraded connection", async () => {
    const result = await via("execInContainer", () =>
      gw.execInContainer(c.id, ["sh", "-c", "echo out; echo err >&2; exit 3"], { timeoutMs: 15_000 }),
    );
    expect(result).toEqual({ exitCode: 3, stdout: "out\n", stderr: "err\n", truncated: false });
  });

  it("reads one file through the archive endpoint", async () => {
    await gw.execInContainer(c.id, ["sh", "-c", "printf 'dump-bytes' > /tmp/artifact.bin"], {
      timeoutMs: 15_000,
    });
    const tar = await via("archiveFile", () => gw.archiveFile(c.id, "/tmp/artifact.bin"));
    const chunks: Buffer[] = [];
    for await (const chunk of tar) chunks.push(Buffer.from(chunk as Buffer));
    const all = Buffer.concat(chunks);
    // A tar of the one file: its name in the header, its bytes after the 512-byte header.
    expect(all.subarray(0, 12).toString()).toBe("artifact.bin");
    expect(all.subarray(512, 522).toString()).toBe("dump-bytes");
  });

  it("follows events live while restart, stop, start and kill pass", async () => {
    const controller = new AbortController();
    const events = await via("events", () =>
      gw.events({ filters: { type: ["container"], container: [c.id] }, signal: controller.signal }),
    );
    await via("restartContainer", () => gw.restartContainer(c.id, { timeoutS: 1 }));
    const actions: string[] = [];
    for await (const e of events) {
      actions.push(e.action);
      if (e.action === "restart") break;
    }
    controller.abort();
    expect(actions).toContain("start");

    expect(await via("stopContainer", () => gw.stopContainer(c.id, { timeoutS: 1 }))).toBe(true);
    // 304 "nothing to do" passes through the proxy as itself.
    expect(await via("stopContainer", () => gw.stopContainer(c.id, { timeoutS: 1 }))).toBe(false);
    expect(await via("startContainer", () => gw.startContainer(c.id))).toBe(true);
    expect(await via("startContainer", () => gw.startContainer(c.id))).toBe(false);
    await via("killContainer", () => gw.killContainer(c.id, "SIGKILL"));
    await t.waitFor(async () => !(await gw.inspectContainer(c.id)).running, "the container to die");
  });

  it("copies the container onto both its networks, renames and removes the copy", async () => {
    const spec = await via("containerSpec", () => gw.containerSpec(c.id));
    expect(spec.networks.map((n) => n.name).sort()).toEqual([network, t.TEST_NETWORK].sort());
    const from = proxy.allowed.length;
    const copy = await via("createContainer", () => gw.createContainer(`${c.name}-copy`, spec));
    created.push(copy);
    expect(proxy.allowed.slice(from).map((r) => r.endpoint)).toContain("POST /networks/{id}/connect");
    expect(Object.keys((await gw.inspectContainer(copy)).networks).sort()).toEqual(
      [network, t.TEST_NETWORK].sort(),
    );
    await via("renameContainer", () => gw.renameContainer(copy, `${c.name}-renamed`));
    expect((await gw.inspectContainer(copy)).name).toBe(`${c.name}-renamed`);
    await via("removeContainer", () => gw.removeContainer(copy));
    await expect(gw.inspectContainer(copy)).rejects.toMatchObject({ kind: "not_found" });
  });

  it("needed every listed endpoint and was refused none", () => {
    expect([...DOCKER_OPERATIONS].filter((op) => !exercised.has(op))).toEqual([]);
    const used = new Set(proxy.allowed.map((r) => r.endpoint));
    expect(ALL_LABELS.filter((l) => !used.has(l))).toEqual([]);
    expect(proxy.refused).toEqual([]);
  });

  it("refuses with 403 what Opsdeck never calls, before it reaches the engine", async () => {
    const images = await request(proxy.socketPath, "GET", "/v1.41/images/json");
    expect(images.status).toBe(403);
    expect(JSON.parse(images.body)).toEqual({ message: "GET /images/json is not used by Opsdeck" });
    // Would remove our stopped container if it got through.
    const filters = encodeURIComponent(JSON.stringify({ label: [`opsdeck.allowlist-proof=${proof}`] }));
    expect((await request(proxy.socketPath, "POST", `/containers/prune?filters=${filters}`)).status).toBe(
      403,
    );
    expect(await t.docker(["inspect", "-f", "{{.State.Status}}", c.id])).toBe("exited");
    const attach = await request(proxy.socketPath, "POST", `/containers/${c.id}/attach?stream=1&stdin=1`, {
      Connection: "Upgrade",
      Upgrade: "tcp",
    });
    expect(attach.status).toBe(403);
    expect(proxy.refused.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /images/json",
      "POST /containers/prune",
      `POST /containers/${c.id}/attach`,
    ]);
  });
});

function request(
  socketPath: string,
  method: string,
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, method, path: url, headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("upgrade", (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 101, body: "" });
    });
    req.on("error", reject);
    req.end();
  });
}
