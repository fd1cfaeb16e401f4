import { mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConfigError } from "./load-config";
import type { OpsdeckConfig } from "./schemas";
import { watchConfig, type ConfigWatcher } from "./watch-config";

const configWith = (id: string) => `version: 1\nservices:\n  - id: ${id}\n`;

describe("watchConfig", () => {
  let watcher: ConfigWatcher | undefined;
  afterEach(() => watcher?.stop());

  it("reloads on change (including editor-style rename saves) and keeps the last good config on errors", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "opsdeck-watch-"));
    const file = path.join(dir, "opsdeck.yml");
    writeFileSync(file, configWith("first"));
    const changes: OpsdeckConfig[] = [];
    const errors: ConfigError[][] = [];
    watcher = watchConfig(
      file,
      {},
      (c) => changes.push(c),
      (e) => errors.push(e),
      { debounceMs: 50 },
    );
    await vi.waitFor(() => expect(changes.map((c) => c.services[0].id)).toEqual(["first"]), {
      timeout: 3000,
    });

    writeFileSync(file, "version: 1\nservices:\n  - id: Bad Id\n");
    await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: 3000 });
    expect(errors[0][0]).toMatchObject({ line: 3, path: "services[0].id" });
    expect(watcher.current()?.services[0].id).toBe("first");

    // Editors write a temp file and rename it over the original.
    writeFileSync(path.join(dir, ".opsdeck.yml.swp"), configWith("second"));
    renameSync(path.join(dir, ".opsdeck.yml.swp"), file);
    await vi.waitFor(() => expect(changes.map((c) => c.services[0].id)).toEqual(["first", "second"]), {
      timeout: 3000,
    });
    expect(watcher.current()?.services[0].id).toBe("second");
  });

  it("clears the error when a bad edit is reverted to the content in effect", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "opsdeck-watch-"));
    const file = path.join(dir, "opsdeck.yml");
    writeFileSync(file, configWith("first"));
    const changes: OpsdeckConfig[] = [];
    const errors: ConfigError[][] = [];
    let restored = 0;
    watcher = watchConfig(
      file,
      {},
      (c) => changes.push(c),
      (e) => errors.push(e),
      { debounceMs: 50, onRestored: () => restored++ },
    );
    await vi.waitFor(() => expect(changes).toHaveLength(1), { timeout: 3000 });
    writeFileSync(file, "version: 1\nservices:\n  - id: Bad Id\n");
    await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: 3000 });
    writeFileSync(file, configWith("first"));
    await vi.waitFor(() => expect(restored).toBe(1), { timeout: 3000 });
    // Nothing changed in effect, so no reload was applied; a plain touch restores nothing.
    expect(changes).toHaveLength(1);
    writeFileSync(file, configWith("first"));
    await new Promise((r) => setTimeout(r, 300));
    expect(restored).toBe(1);
  });
});
