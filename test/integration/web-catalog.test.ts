import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runContainer, removeContainer, testGateway, type TestContainer } from "../support/docker";

/**
 * A web-only replica (OPSDECK_ROLE=web) runs no monitor; its actions see a catalog built from
 * the same config file and the engine's containers.
 */
let dir: string;
const previousConfig = process.env.OPSDECK_CONFIG;
let container: TestContainer;
const project = `webcat${Date.now().toString(36)}`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "opsdeck-webcat-"));
  const config = path.join(dir, "opsdeck.yml");
  await writeFile(
    config,
    [
      "version: 1",
      "settings: { actions: { enabled: true } }",
      "services:",
      "  - id: api",
      `    compose: { project: ${project}, service: api }`,
      "    actions:",
      `      - { id: ready, kind: exec, command: ["true"] }`,
    ].join("\n"),
  );
  // env() is read once per test file (vitest isolates files), so this is what the module sees.
  process.env.OPSDECK_CONFIG = config;
  container = await runContainer({
    labels: { "com.docker.compose.project": project, "com.docker.compose.service": "api" },
  });
});

afterAll(async () => {
  // process.env outlives this file's modules in the same test worker: leave it as found.
  if (previousConfig === undefined) delete process.env.OPSDECK_CONFIG;
  else process.env.OPSDECK_CONFIG = previousConfig;
  await removeContainer(container.id);
  await rm(dir, { recursive: true, force: true });
});

it("finds the declared service, its running container and its actions", async () => {
  const { webCatalog } = await import("@/lib/actions/web-catalog");
  const catalog = await webCatalog(testGateway());
  const api = catalog?.services.find((s) => s.id === "api");
  expect(api?.containers.map((c) => c.name)).toEqual([container.name]);
  expect(api?.actions.map((a) => a.id)).toEqual(["ready"]);
  expect(catalog?.settings.actions.enabled).toBe(true);
});
