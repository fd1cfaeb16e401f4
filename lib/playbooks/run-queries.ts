import "server-only";
import { mapSnapshot } from "@/lib/monitor/runtime";
import { evaluate, type Verdict } from "./conditions";
import type { RunDetail } from "./runner";
import { playbookRunner } from "./run-runtime";

/** A run as its page shows it: the stored run, and what a wait under way sees on the map now. */
export interface RunPageData extends RunDetail {
  live: Record<string, Verdict>;
}

export async function readPlaybookRun(id: string): Promise<RunPageData | null> {
  const run = /^[0-9a-f-]{36}$/i.test(id) ? await playbookRunner().get(id) : null;
  if (!run) return null;
  const live: Record<string, Verdict> = {};
  const waiting = run.playbook.steps.filter(
    (s) => s.kind === "wait" && run.state.steps[s.id]?.status === "running",
  );
  if (waiting.length) {
    const services = new Map((await mapSnapshot()).services.map((s) => [s.id, s]));
    for (const step of waiting) if (step.kind === "wait") live[step.id] = evaluate(step.until, services);
  }
  return { ...run, live };
}
