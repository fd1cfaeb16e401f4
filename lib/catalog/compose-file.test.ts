import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configFilesFromLabel, parseComposeFile, readComposeFiles } from "./compose-file";

describe("compose files", () => {
  it("reads service names and depends_on in list and map forms", () => {
    const info = parseComposeFile(
      "services:\n  web:\n    depends_on: [db, cache]\n  worker:\n    depends_on:\n      db: { condition: service_healthy }\n  db: {}\n  cache:\n    image: redis\n",
    );
    expect(info).toEqual({
      services: ["web", "worker", "db", "cache"],
      dependsOn: { web: ["db", "cache"], worker: ["db"] },
    });
  });

  it("merges override files in order and turns missing or broken files into warnings", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "opsdeck-compose-"));
    writeFileSync(path.join(dir, "a.yml"), "services:\n  web:\n    depends_on: [db]\n  db: {}\n");
    writeFileSync(path.join(dir, "b.yml"), "services:\n  web:\n    depends_on: [cache]\n  cache: {}\n");
    writeFileSync(path.join(dir, "bad.yml"), "services: [\n");
    const files = configFilesFromLabel(`${dir}/a.yml, ${dir}/missing.yml,${dir}/bad.yml,${dir}/b.yml`);
    const { info, warnings } = await readComposeFiles(files);
    expect(info).toEqual({ services: ["web", "db", "cache"], dependsOn: { web: ["db", "cache"] } });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toBe(`compose file ${dir}/missing.yml: not found`);
    expect(warnings[1]).toContain(`compose file ${dir}/bad.yml: invalid YAML`);
  });
});
