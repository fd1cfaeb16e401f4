import type { BadgeTone } from "@/components/ui/badge";
import type { RunStatus } from "@/lib/actions/schemas";

/** Display helpers shared by the run views: the same words and tones on every page. */

/** "840 ms", "3.4 s", "2 min 5 s": runs are short, so sub-second precision matters. */
export function formatRunDuration(ms: number | undefined | null): string {
  if (ms === undefined || ms === null || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

export const STATUS_TONE: Record<RunStatus, BadgeTone> = {
  running: "maintenance",
  succeeded: "up",
  failed: "down",
  cancelled: "unknown",
};

export const STATUS_ICON: Record<RunStatus, string> = {
  running: "◌",
  succeeded: "✓",
  failed: "✕",
  cancelled: "–",
};

export const runHref = (id: string) => `/actions/runs/${encodeURIComponent(id)}`;
export const serviceHref = (id: string) => `/services/${encodeURIComponent(id)}`;
