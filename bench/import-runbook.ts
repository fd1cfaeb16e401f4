/**
 * Runbook import (issue 12, `import_ms`, target under 1 s): a 2,000-line runbook made of the three
 * seed runbooks (test/fixtures/runbooks), repeated with their headings numbered apart, imported
 * against the serotonin example stack so every command is matched. One warm-up, then five timed
 * runs of `importRunbook` with performance.now(). Writes no results file (the schedules benchmark
 * reports it); `npx tsx bench/import-runbook.ts` prints the figures.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { importRunbook } from "@/lib/runbook-import/import-runbook";
import { loadImportCatalog } from "@/lib/runbook-import/offline-catalog";

const ROOT = path.resolve(__dirname, "..");
const SEEDS = ["runbook-serotonin-script.md", "runbook-agent-stack.md", "runbook-dspy-prompt-improver.md"];
const LINES = 2000;
const RUNS = 5;

/** The seeds one after another, each copy's headings suffixed with its round, cut at LINES lines. */
export function buildRunbook(lines = LINES): string {
  const seeds = SEEDS.map((name) =>
    readFileSync(path.join(ROOT, "test/fixtures/runbooks", name), "utf8").split("\n"),
  );
  const out: string[] = ["# Combined runbook", ""];
  for (let round = 1; out.length < lines; round++)
    for (const seed of seeds) {
      for (const line of seed) out.push(/^#{1,6} /.test(line) ? `${line} (${round})` : line);
      out.push("");
    }
  return out.slice(0, lines).join("\n");
}

export async function measureImport(): Promise<{ lines: number; runs: number[] }> {
  const text = buildRunbook();
  const loaded = await loadImportCatalog(path.join(ROOT, "examples/serotonin-script/opsdeck.yml"));
  const catalog = loaded.ok ? loaded.catalog : undefined;
  importRunbook(text, { catalog, sourceName: "combined.md" });
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    importRunbook(text, { catalog, sourceName: "combined.md" });
    runs.push(Math.round((performance.now() - started) * 10) / 10);
  }
  return { lines: text.split("\n").length, runs };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  measureImport().then(
    ({ lines, runs }) => {
      const sorted = [...runs].sort((a, b) => a - b);
      console.log(
        `import_ms for ${lines} lines: runs ${runs.join(", ")} ms; median ${sorted[Math.floor(sorted.length / 2)]} ms (target < 1000)`,
      );
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
