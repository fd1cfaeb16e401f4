/** The console's REST API as the action benchmark uses it: signed in with a session cookie. */

interface ActionView {
  id: string;
  allowed: boolean;
  disabledReason?: string;
  params: { name: string; values?: string[] }[];
}

export interface RunView {
  id: string;
  status: string;
  result?: unknown;
  error?: string;
}

interface AuditPage {
  events: { seq: number; runId: string | null; outcome: string }[];
  nextBefore?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function fetchJson<T>(baseUrl: string, pathname: string, cookie: string): Promise<T> {
  const res = await fetch(`${baseUrl}${pathname}`, { headers: { cookie } });
  if (!res.ok) throw new Error(`GET ${pathname}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Until the catalog offers the action, allowed, with the container among its choices. */
export async function waitForActions(
  baseUrl: string,
  cookie: string,
  serviceId: string,
  actionId: string,
  container: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    const res = await fetch(`${baseUrl}/api/v1/services/${serviceId}/actions`, { headers: { cookie } });
    if (res.ok) {
      const action = ((await res.json()) as ActionView[]).find((a) => a.id === actionId);
      const choices = action?.params.find((p) => p.name === "container")?.values ?? [];
      if (action?.allowed && choices.includes(container)) return;
      last = action
        ? `allowed ${action.allowed} (${action.disabledReason}), containers [${choices}]`
        : "no action";
    } else last = `HTTP ${res.status}`;
    if (Date.now() > deadline)
      throw new Error(`${serviceId} does not offer ${actionId} on ${container}: ${last}`);
    await sleep(250);
  }
}

/** Polls the run until its status is final. */
export async function waitForRun(baseUrl: string, cookie: string, runId: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await fetchJson<RunView>(baseUrl, `/api/v1/runs/${runId}`, cookie);
    if (run.status !== "running") return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still running after ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** The audit events of these runs (walking every page of the action's events): each must have started + succeeded. */
export async function auditOfRuns(baseUrl: string, cookie: string, action: string, runIds: string[]) {
  const outcomes = new Map<string, string[]>(runIds.map((id) => [id, []]));
  let events = 0;
  let before: number | undefined;
  do {
    const q = new URLSearchParams({ action, limit: "500", ...(before ? { before: String(before) } : {}) });
    const page = await fetchJson<AuditPage>(baseUrl, `/api/v1/audit?${q}`, cookie);
    for (const e of page.events) {
      const list = e.runId ? outcomes.get(e.runId) : undefined;
      if (!list) continue;
      list.push(e.outcome);
      events += 1;
    }
    before = page.nextBefore;
  } while (before);
  const missing = [...outcomes]
    .filter(([, o]) => o.length !== 2 || !o.includes("started") || !o.includes("succeeded"))
    .map(([id, o]) => `${id} [${o.join(", ")}]`);
  return { events, missing };
}
