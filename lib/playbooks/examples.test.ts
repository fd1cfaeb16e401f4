import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { resolvePages } from "@/lib/status-page/derive";
import { describe, expect, it } from "vitest";
import { discoverCatalog } from "@/lib/catalog/discovery";
import { formatConfigError, loadConfigFile } from "@/lib/catalog/load-config";
import { BUILTIN_ACTION_IDS } from "@/lib/actions/schemas";
import { PlaybookLibrary } from "./library";
import { playbookTargets } from "./targets";

/**
 * Every example stack's playbooks load without an error and name only what its opsdeck.yml
 * declares (services, checks, metrics, actions and their fixed parameters), so a team copying an
 * example gets playbooks that can start.
 */

const root = path.resolve(__dirname, "../..");
const dummyEnv = new Proxy({} as Record<string, string>, { get: (_t, name) => `dummy-${String(name)}` });
const examples = readdirSync(path.join(root, "examples")).filter((name) =>
  existsSync(path.join(root, "examples", name, "playbooks")),
);

describe("example playbooks", () => {
  it("exist for every seed stack", () => {
    expect(examples.sort()).toEqual(["agent-stack", "dspy-prompt-improver", "serotonin-script"]);
  });

  it.each(examples)("%s: every playbook loads and names only what the stack declares", async (name) => {
    const dir = path.join(root, "examples", name);
    const config = await loadConfigFile(path.join(dir, "opsdeck.yml"), dummyEnv);
    if (!config.ok) throw new Error(config.errors.map(formatConfigError).join("\n"));
    const { catalog } = discoverCatalog({ containers: [], config: config.config });
    const library = new PlaybookLibrary(path.join(dir, "playbooks"), dummyEnv);
    await library.start();
    try {
      const view = library.view(playbookTargets(catalog));
      expect(view.errors).toEqual([]);
      expect(view.playbooks.length).toBeGreaterThan(0);
      for (const loaded of view.playbooks) expect(loaded.problems, loaded.file).toEqual([]);
      // Schedules start playbooks of this folder and actions the stack declares.
      const ids = view.playbooks.map((p) => p.playbook.id);
      for (const s of config.config.schedules) {
        if (s.playbook) expect(ids, `schedule ${s.id}`).toContain(s.playbook.id);
        if (s.action) {
          // Declared actions, and the built-ins a compose service gets once its containers run.
          const service = config.config.services.find((x) => x.id === s.action!.service);
          const offered = [
            ...(service?.actions.map((a) => a.id) ?? []),
            ...(service?.compose ? BUILTIN_ACTION_IDS : []),
          ];
          expect(offered, `schedule ${s.id}`).toContain(s.action.action);
        }
      }
      // Status pages show components made of services the stack declares.
      const declared = config.config.services.map((x) => x.id);
      for (const page of resolvePages(config.config.statusPages, catalog.services))
        for (const c of page.components)
          expect(declared, `${page.id}: ${c.name}`).toEqual(expect.arrayContaining(c.serviceIds));
    } finally {
      library.stop();
    }
  });
});
