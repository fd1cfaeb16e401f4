import "server-only";
import path from "node:path";
import { env } from "@/lib/infra/env";
import { mapSnapshot } from "@/lib/monitor/runtime";
import { describeTrigger, matchingServices, type WatchedService } from "./conditions";
import type { LoadedPlaybook } from "./library";
import { playbooksView } from "./runtime";
import type { PlaybookConfig } from "./schemas";

/** One playbook as the Playbooks page lists it (safe for the browser: no secrets live in playbooks). */
export interface PlaybookSummary {
  id: string;
  title: string;
  summary?: string;
  owner?: string;
  severity?: PlaybookConfig["severity"];
  estimatedMs?: number;
  triggers: string[];
  steps: number;
  /** How many steps of each kind, e.g. {action: 2, wait: 1}. */
  kinds: Record<string, number>;
  /** The file, relative to the folder of opsdeck.yml. */
  file: string;
  problems: string[];
  /** Every service it names (triggers and steps). */
  services: string[];
  /** Services whose state matches one of the triggers now. */
  matches: { service: string; trigger: string; observed: string }[];
}

export interface PlaybookList {
  playbooks: PlaybookSummary[];
  /** File errors (syntax, model, duplicates), shown to those who manage configuration. */
  errors: string[];
  dir: string;
}

export async function listPlaybooks(): Promise<PlaybookList> {
  const [view, services] = await Promise.all([playbooksView(), watchedServices()]);
  return {
    playbooks: view.playbooks.map((p) => summarize(p, services)),
    errors: view.errors,
    dir: relative(view.dir),
  };
}

export interface PlaybookDetail extends PlaybookSummary {
  playbook: PlaybookConfig;
}

export async function getPlaybook(id: string): Promise<PlaybookDetail | null> {
  const [view, services] = await Promise.all([playbooksView(), watchedServices()]);
  const found = view.playbooks.find((p) => p.playbook.id === id);
  return found ? { ...summarize(found, services), playbook: found.playbook } : null;
}

function summarize(loaded: LoadedPlaybook, services: ReadonlyMap<string, WatchedService>): PlaybookSummary {
  const p = loaded.playbook;
  const kinds: Record<string, number> = {};
  for (const step of p.steps) kinds[step.kind] = (kinds[step.kind] ?? 0) + 1;
  return {
    id: p.id,
    title: p.title,
    summary: p.summary,
    owner: p.owner,
    severity: p.severity,
    estimatedMs: p.estimatedDuration,
    triggers: p.triggers.map(describeTrigger),
    steps: p.steps.length,
    kinds,
    file: relative(loaded.file),
    services: servicesNamed(p),
    problems: loaded.problems,
    matches: loaded.problems.length ? [] : matchingServices(p, services),
  };
}

async function watchedServices(): Promise<ReadonlyMap<string, WatchedService>> {
  const snapshot = await mapSnapshot();
  return new Map(snapshot.services.map((s) => [s.id, s]));
}

function relative(file: string): string {
  return path.relative(path.dirname(env().configPath), file) || ".";
}

/** Every service a playbook names (triggers and steps), in order of first mention. */
export function servicesNamed(p: PlaybookConfig): string[] {
  const names = new Set<string>();
  for (const t of p.triggers) if ("service" in t) names.add(t.service);
  for (const step of p.steps) {
    if ("service" in step) names.add(step.service);
    if (step.kind === "wait") names.add(step.until.service);
    if (step.kind === "decision" && step.onCheck) names.add(step.onCheck.service);
  }
  return [...names];
}
