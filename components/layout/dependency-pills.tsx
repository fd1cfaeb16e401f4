import { cn } from "@/components/ui/cn";
import type { ConsoleHealth } from "./use-console-health";

export type PillTone = "ok" | "bad" | "neutral";

export interface Pill {
  key: string;
  tone: PillTone;
  label: string;
}

/** What each dependency of the console looks like in the strip, worst first in the wording. */
export function dependencyPills(h: ConsoleHealth): Pill[] {
  const pills: Pill[] = [
    {
      key: "docker",
      tone: h.docker.state === "connected" ? "ok" : h.docker.state === "connecting" ? "neutral" : "bad",
      label: h.docker.state === "connected" ? "Docker" : `Docker ${h.docker.state}`,
    },
    {
      key: "database",
      tone: h.database.ok ? "ok" : "bad",
      label: h.database.ok ? "Database" : "Database unreachable",
    },
    {
      key: "redis",
      tone: h.bus.mode === "redis" ? "ok" : h.bus.mode === "memory" ? "neutral" : "bad",
      label:
        h.bus.mode === "redis" ? "Redis" : h.bus.mode === "memory" ? "Redis not used" : "Redis unreachable",
    },
  ];
  if (!h.config.ok) {
    const n = h.config.errors?.length ?? 0;
    pills.push({
      key: "config",
      tone: "bad",
      label: n ? `Config: ${n} error${n === 1 ? "" : "s"}` : "Config error",
    });
  }
  return pills;
}

const TONE = {
  ok: "text-success",
  bad: "bg-danger-surface font-semibold text-danger",
  neutral: "text-muted-foreground",
} as const;
const ICON = { ok: "●", bad: "▲", neutral: "○" } as const;
/** Spoken after an ok pill's name: the visible dot alone would say nothing to a screen reader. */
const SPOKEN = { ok: " ok", bad: "", neutral: "" } as const;

export function PillView({ pill }: { pill: Pill }) {
  return (
    <span
      data-testid={`dep-${pill.key}`}
      data-tone={pill.tone}
      className={cn("inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs", TONE[pill.tone])}
    >
      <span aria-hidden="true">{ICON[pill.tone]}</span>
      {pill.label}
      <span className="sr-only">{SPOKEN[pill.tone]}</span>
    </span>
  );
}
