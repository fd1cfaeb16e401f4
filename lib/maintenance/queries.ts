import "server-only";
import { getDb } from "@/lib/infra/db";
import { NotFound } from "@/lib/errors";
import { playbookCatalog, playbooksView } from "@/lib/playbooks/runtime";
import { occurrencesBetween } from "./occurrences";
import { forService, overview, viewOf, type OccurrenceView, type Overview } from "./overview";
import { fromRow } from "./rows";
import { allWindows } from "./runtime";
import type { MaintenanceEventType } from "./types";

/** Reads of maintenance windows for pages and the REST API: config's and the console's merged. */

export interface MaintenanceEventView {
  type: MaintenanceEventType;
  /** ISO: when it was due, and when it was written. */
  at: string;
  recordedAt: string;
  occurrence: string;
  message: string;
  services: string[];
  playbookRunId: string | null;
}

export interface WindowDetail {
  /** The current or next occurrence, or the last one when the window is over. */
  view: OccurrenceView;
  occurrences: OccurrenceView[];
  events: MaintenanceEventView[];
  createdBy: string | null;
  endedBy: string | null;
  cancelledBy: string | null;
}

async function services() {
  return (await playbookCatalog())?.services ?? [];
}

/** Active, upcoming and recent windows, and what in them does not match the stack (a missing playbook). */
export async function maintenanceOverview(now = Date.now()): Promise<Overview & { problems: string[] }> {
  const [windows, catalogServices, playbooks] = await Promise.all([
    allWindows(),
    services(),
    playbooksView(),
  ]);
  const known = new Set(playbooks.playbooks.map((p) => p.playbook.id));
  const problems = windows
    .filter((w) => w.playbook && !known.has(w.playbook))
    .map((w) => `"${w.title}" starts playbook "${w.playbook}", which is not in playbooks/`);
  return { ...overview(windows, catalogServices, now), problems };
}

/** The service's current window (it shows `maintenance`) and its next ones. */
export async function serviceMaintenance(serviceId: string, now = Date.now()) {
  const [windows, catalogServices] = await Promise.all([allWindows(), services()]);
  return forService(overview(windows, catalogServices, now), serviceId);
}

/** One window: its occurrences over the last week and the next month, and its events. */
export async function windowDetail(windowId: string, now = Date.now()): Promise<WindowDetail> {
  const windows = await allWindows();
  const db = await getDb();
  let window = windows.find((w) => w.id === windowId);
  const row = windowId.startsWith("config:")
    ? null
    : await db.maintenanceWindow.findUnique({ where: { id: windowId } }).catch(() => null);
  if (!window && row) window = fromRow(row);
  if (!window) throw new NotFound(`no maintenance window "${windowId.slice(0, 100)}"`);
  const catalogServices = await services();
  const occurrences = occurrencesBetween(window, now - 7 * 86_400_000, now + 30 * 86_400_000)
    .slice(0, 50)
    .map((o) => viewOf(o, catalogServices, now));
  const fallback =
    window.timing.kind === "once"
      ? viewOf({ window, start: window.timing.start, end: window.timing.end }, catalogServices, now)
      : null;
  const view =
    occurrences.find((o) => o.state === "active") ??
    occurrences.find((o) => o.state === "upcoming") ??
    occurrences.at(-1) ??
    fallback;
  if (!view) throw new NotFound(`maintenance window "${windowId.slice(0, 100)}" has no occurrence`);
  if (window.cancelledAt !== null && view.state !== "active") view.state = "cancelled";
  const events = await db.maintenanceEvent.findMany({
    where: { windowId },
    orderBy: { at: "desc" },
    take: 200,
  });
  return {
    view,
    occurrences,
    events: events.map((e) => ({
      type: e.type as MaintenanceEventType,
      at: e.at.toISOString(),
      recordedAt: e.recordedAt.toISOString(),
      occurrence: e.occurrence.toISOString(),
      message: e.message,
      services: Array.isArray(e.services) ? (e.services as string[]) : [],
      playbookRunId: e.playbookRunId,
    })),
    createdBy: row?.createdBy ?? null,
    endedBy: row?.endedBy ?? null,
    cancelledBy: row?.cancelledBy ?? null,
  };
}
