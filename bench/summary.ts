/**
 * Rewrites the results table in bench/README.md from bench/results/*.json.
 * One command: `npx tsx bench/summary.ts` (after any benchmark run).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BENCH_DIR } from "./lib/results";
import { resultsTable, withTable } from "./lib/summary";

const readmePath = path.join(BENCH_DIR, "README.md");
const next = withTable(readFileSync(readmePath, "utf8"), resultsTable(path.join(BENCH_DIR, "results")));
writeFileSync(readmePath, next);
console.log(`updated ${readmePath}`);
