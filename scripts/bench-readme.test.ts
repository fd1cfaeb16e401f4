import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readResults, resultsTable, withTable } from "../bench/lib/summary";

const benchDir = path.resolve(__dirname, "..", "bench");

describe("bench/README.md", () => {
  it("shows exactly the figures bench/results/*.json hold (run `npx tsx bench/summary.ts` after a benchmark)", () => {
    const readme = readFileSync(path.join(benchDir, "README.md"), "utf8");
    expect(withTable(readme, resultsTable(path.join(benchDir, "results")))).toBe(readme);
  });

  it("lists every benchmark command under bench/ with its results", () => {
    const readme = readFileSync(path.join(benchDir, "README.md"), "utf8");
    const files = readResults(path.join(benchDir, "results")).map((r) => r.file);
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) expect(readme).toContain(`results/${file}`);
  });

  it("reports every figure as the median of at least three runs, with its spread", () => {
    const problems: string[] = [];
    for (const { file, result } of readResults(path.join(benchDir, "results")))
      for (const [name, f] of Object.entries(result.figures)) {
        if ((f.runs ?? 1) < 3) problems.push(`${file} ${name}: ${f.runs ?? 1} run(s)`);
        else if (!(f.min! <= f.value && f.value <= f.max!))
          problems.push(`${file} ${name}: median ${f.value} outside ${f.min} .. ${f.max}`);
      }
    expect(problems).toEqual([]);
  });
});
