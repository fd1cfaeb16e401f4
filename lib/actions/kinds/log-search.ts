import { parseDuration } from "@/lib/catalog/duration";

/**
 * Pure pieces of the logs.search kind: time bounds ("15m" or an ISO date), the level filter
 * for JSON log lines, and keeping the newest N matches across containers.
 */

/** A point in time: a duration counts back from `now`, anything else must parse as a date. */
export function timeBound(value: string, now: number): Date | null {
  const ms = parseDuration(value);
  if (ms !== null) return new Date(now - ms);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : new Date(at);
}

const LEVEL_KEYS = ["level", "severity", "levelname", "lvl"] as const;
const ALIASES: Record<string, string> = {
  warning: "warn",
  err: "error",
  crit: "critical",
  fatal: "critical",
};
const canonical = (level: string) => ALIASES[level.toLowerCase()] ?? level.toLowerCase();

/**
 * Matches JSON lines whose level field equals `level` (case-insensitive; warn = warning): what
 * `grep '"level":"error"'` finds, without also matching a message that merely quotes it.
 */
export function levelMatcher(level: string): (line: string) => boolean {
  const wanted = canonical(level);
  return (line) => {
    const text = line.trim();
    if (!text.startsWith("{")) return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return false;
    }
    if (!parsed || typeof parsed !== "object") return false;
    const record = parsed as Record<string, unknown>;
    const found = LEVEL_KEYS.map((k) => record[k]).find((v) => typeof v === "string");
    return typeof found === "string" && canonical(found) === wanted;
  };
}

export interface FoundLine {
  container: string;
  stream: "stdout" | "stderr";
  ts?: string;
  text: string;
}

/** Keeps the newest `limit` entries pushed (a ring), so a noisy window costs bounded memory. */
export class NewestLines {
  private items: FoundLine[] = [];
  private start = 0;
  pushed = 0;

  constructor(private readonly limit: number) {}

  push(line: FoundLine): void {
    this.pushed++;
    if (this.items.length < this.limit) this.items.push(line);
    else {
      this.items[this.start] = line;
      this.start = (this.start + 1) % this.limit;
    }
  }

  lines(): FoundLine[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }
}

/** Lines of several containers in time order (Docker's RFC 3339 stamps sort as text), newest `limit`. */
export function mergeNewest(groups: FoundLine[][], limit: number): FoundLine[] {
  const all = groups.flat();
  all.sort((a, b) => (a.ts ?? "").localeCompare(b.ts ?? ""));
  return all.slice(Math.max(0, all.length - limit));
}

/** `2026-08-04T12:30:01.123456789Z` → `2026-08-04T12:30:01.123Z`. */
export function shortStamp(ts: string | undefined): string {
  if (!ts) return "";
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,3})?\d*(Z|[+-]\d{2}:\d{2})$/.exec(ts);
  return m ? `${m[1]}${m[2] ?? ""}${m[3]}` : ts;
}
