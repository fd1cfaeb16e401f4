import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PlaybookLibrary } from "./library";
import type { PlaybookTargets } from "./references";

const playbook = (id: string, title = id, service = "api") =>
  `version: 1\nid: ${id}\ntitle: ${title}\nsteps:\n  - { id: look, kind: check, title: Look, service: ${service}, check: health }\n`;

const STACK: PlaybookTargets = {
  services: new Map([
    ["api", { checks: new Map([["health", { metrics: ["latency_ms"] }]]), actions: new Map() }],
  ]),
};

describe("the playbooks folder", () => {
  let library: PlaybookLibrary | undefined;
  afterEach(() => library?.stop());

  const setUp = async (files: Record<string, string>, create = true) => {
    const root = mkdtempSync(path.join(tmpdir(), "opsdeck-playbooks-"));
    const dir = path.join(root, "playbooks");
    if (create) mkdirSync(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    library = new PlaybookLibrary(dir, {}, 30);
    await library.start();
    return { dir, lib: library };
  };
  const titles = (lib: PlaybookLibrary) => lib.view(STACK).playbooks.map((p) => p.playbook.title);

  it("loads every .yml file, follows edits, keeps a broken file's last good version and drops a deleted one", async () => {
    const { dir, lib } = await setUp({
      "a.yml": playbook("a", "First"),
      "b.yaml": playbook("b"),
      "notes.md": "x",
    });
    expect(titles(lib)).toEqual(["First", "b"]);
    expect(lib.view(STACK).errors).toEqual([]);

    writeFileSync(path.join(dir, "a.yml"), playbook("a", "Edited"));
    await vi.waitFor(() => expect(titles(lib)).toEqual(["Edited", "b"]), { timeout: 3000 });

    writeFileSync(path.join(dir, "a.yml"), playbook("a", "Broken").replace("kind: check", "kind: chek"));
    await vi.waitFor(() => expect(lib.view(STACK).errors).toHaveLength(1), { timeout: 3000 });
    expect(lib.view(STACK).errors[0]).toMatch(/a\.yml:5:\d+: steps\[0\]\.kind: /);
    expect(titles(lib)).toEqual(["Edited", "b"]);

    rmSync(path.join(dir, "a.yml"));
    await vi.waitFor(() => expect(titles(lib)).toEqual(["b"]), { timeout: 3000 });
    expect(lib.view(STACK).errors).toEqual([]);
  });

  it("ignores a second file with the same playbook id, and says which file has it", async () => {
    const { lib } = await setUp({ "a.yml": playbook("same", "A"), "b.yml": playbook("same", "B") });
    expect(titles(lib)).toEqual(["A"]);
    expect(lib.view(STACK).errors).toEqual([
      expect.stringMatching(/b\.yml: playbook id `same` is already used by .*a\.yml; this file is ignored$/),
    ]);
  });

  it("lists a playbook that names something the stack does not have, with the problem, as not runnable", async () => {
    const { lib } = await setUp({ "a.yml": playbook("a", "A", "apii") });
    const [loaded] = lib.view(STACK).playbooks;
    expect(loaded.problems).toEqual([
      expect.stringMatching(
        /a\.yml:5:\d+: steps\[0\]\.service: unknown service "apii" \(did you mean `api`\?\)$/,
      ),
    ]);
    expect(lib.view(null).playbooks[0].problems).toEqual([expect.stringMatching(/stack is not loaded yet/)]);
  });

  it("picks up the folder when it is created after the start", async () => {
    const { dir, lib } = await setUp({}, false);
    expect(lib.view(STACK)).toMatchObject({ playbooks: [], errors: [] });
    mkdirSync(dir);
    writeFileSync(path.join(dir, "late.yml"), playbook("late"));
    await vi.waitFor(() => expect(titles(lib)).toEqual(["late"]), { timeout: 3000 });
  });
});
