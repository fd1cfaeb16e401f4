import "server-only";
import vm from "node:vm";
import { lineMatcher, type LogFilter } from "./log-filter";

/**
 * Runs a validated log filter over batches of lines on the server with a time budget. A
 * JavaScript regex cannot be interrupted from the same thread, but code run through node:vm
 * with `timeout` can: V8 terminates it mid-backtrack. One vm call per batch keeps the cost
 * (~0.4 ms) independent of the number of lines.
 */

export const FILTER_BUDGET_MS = 50;

export class FilterTooSlow extends Error {
  constructor(budgetMs: number) {
    super(
      `the filter took longer than ${budgetMs} ms on one batch of lines; use plain text or a simpler pattern`,
    );
    this.name = "FilterTooSlow";
  }
}

export type BatchFilter = (lines: readonly string[]) => boolean[];

export function createBatchFilter(filter: LogFilter, budgetMs = FILTER_BUDGET_MS): BatchFilter {
  if (filter.kind !== "regex") {
    // Substring search is linear in the line length (capped at 16 KiB): no budget needed.
    const match = lineMatcher(filter);
    return (lines) => lines.map(match);
  }
  const context = vm.createContext({
    re: new RegExp(filter.source, filter.caseSensitive ? "" : "i"),
    lines: [],
  });
  const script = new vm.Script("lines.map((line) => re.test(line))");
  return (lines) => {
    if (lines.length === 0) return [];
    context.lines = lines;
    try {
      return Array.from(script.runInContext(context, { timeout: budgetMs }) as boolean[], Boolean);
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT")
        throw new FilterTooSlow(budgetMs);
      throw error;
    } finally {
      context.lines = [];
    }
  };
}
