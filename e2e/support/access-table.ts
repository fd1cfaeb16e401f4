/**
 * What each exposed thing should allow, by role: the expected side of the access matrix
 * (e2e/access-matrix.spec.ts). A route, page or server action the code exposes without an entry
 * here fails the matrix. `ok` is what an allowed caller gets: calls are chosen so that an allowed
 * one changes nothing (an unknown id, an invalid body), which proves the permission check passed.
 */

export type Minimum = "public" | "viewer" | "operator" | "admin";

export interface Call {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

interface RouteEntry {
  minimum: Minimum;
  call: Call;
  ok?: number[];
}

const NO_RUN = "00000000-0000-0000-0000-000000000000";
const get = (path: string, minimum: Minimum, ok?: number[]): RouteEntry => ({
  minimum,
  call: { method: "GET", path },
  ok,
});

export const ROUTE_TABLE: Record<string, RouteEntry> = {
  // next-auth's own endpoints: sign-in itself, open to everyone (rate-limited and audited inside).
  "GET /api/auth/[...nextauth]": get("/api/auth/csrf", "public"),
  "POST /api/auth/[...nextauth]": {
    minimum: "public",
    call: {
      method: "POST",
      path: "/api/auth/callback/credentials",
      body: "",
      contentType: "application/x-www-form-urlencoded",
    },
    ok: [200, 302, 400, 401, 403],
  },
  "GET /api/health": get("/api/health", "public"),
  // The public status pages: published files, no session (a protected page asks its own password).
  "GET /status/[[...path]]": get("/status", "public", [200, 307, 404]),
  "POST /status/[[...path]]": {
    minimum: "public",
    call: {
      method: "POST",
      path: "/status/no-such-page/login",
      body: "password=x",
      contentType: "application/x-www-form-urlencoded",
    },
    ok: [401, 404, 405],
  },
  "GET /api/v1/map": get("/api/v1/map", "viewer"),
  "GET /api/v1/stream": get("/api/v1/stream", "viewer"),
  "GET /api/v1/services/[id]": get("/api/v1/services/web", "viewer"),
  "GET /api/v1/services/[id]/history": get("/api/v1/services/web/history?range=1h", "viewer"),
  "GET /api/v1/services/[id]/events": get("/api/v1/services/web/events", "viewer"),
  "GET /api/v1/services/[id]/containers": get("/api/v1/services/web/containers", "viewer"),
  "GET /api/v1/services/[id]/stats": get("/api/v1/services/web/stats", "viewer"),
  "GET /api/v1/services/[id]/actions": get("/api/v1/services/web/actions", "viewer"),
  // A passing check has no failing answer to show: 404 past the permission check.
  "GET /api/v1/services/[id]/checks/[checkId]/detail": get(
    "/api/v1/services/web/checks/health/detail",
    "operator",
    [200, 404],
  ),
  "GET /api/v1/services/[id]/logs": get(
    "/api/v1/services/printer/logs?container=opsdeck-e2e-printer&tail=1",
    "operator",
  ),
  "GET /api/v1/services/[id]/logs/download": get(
    "/api/v1/services/printer/logs/download?container=opsdeck-e2e-printer&tail=1",
    "operator",
  ),
  "GET /api/v1/runs": get("/api/v1/runs", "operator"),
  "GET /api/v1/runs/[id]": get(`/api/v1/runs/${NO_RUN}`, "operator", [404]),
  "GET /api/v1/runs/[id]/stream": get(`/api/v1/runs/${NO_RUN}/stream`, "operator", [404]),
  "GET /api/v1/runs/[id]/download": get(`/api/v1/runs/${NO_RUN}/download`, "operator", [404]),
  "GET /api/v1/audit": get("/api/v1/audit?limit=1", "operator"),
  "GET /api/v1/audit/export": get("/api/v1/audit/export?format=jsonl&limit=1", "operator"),
  "GET /api/v1/audit/verify": get("/api/v1/audit/verify", "admin"),
  "GET /api/v1/users": get("/api/v1/users", "admin"),
  "GET /api/v1/tokens": get("/api/v1/tokens", "admin"),
  "POST /api/v1/actions/runs": {
    minimum: "operator",
    call: {
      method: "POST",
      path: "/api/v1/actions/runs",
      body: { serviceId: "web", actionId: "restart", params: { container: "not-a-container" } },
    },
    ok: [400],
  },
  "GET /api/v1/playbooks": get("/api/v1/playbooks", "viewer"),
  "GET /api/v1/playbook-runs": get("/api/v1/playbook-runs", "viewer"),
  "GET /api/v1/playbook-runs/[id]": get(`/api/v1/playbook-runs/${NO_RUN}`, "viewer", [404]),
  "GET /api/v1/playbook-runs/[id]/stream": get(`/api/v1/playbook-runs/${NO_RUN}/stream`, "viewer", [404]),
  "POST /api/v1/playbook-runs": {
    minimum: "operator",
    call: { method: "POST", path: "/api/v1/playbook-runs", body: { playbookId: "no-such-playbook" } },
    ok: [404],
  },
  "POST /api/v1/playbook-runs/[id]/commands": {
    minimum: "operator",
    call: { method: "POST", path: `/api/v1/playbook-runs/${NO_RUN}/commands`, body: { type: "pause" } },
    ok: [404],
  },
  "GET /api/v1/incidents": get("/api/v1/incidents", "viewer"),
  "GET /api/v1/incidents/reminders": get("/api/v1/incidents/reminders", "viewer"),
  "GET /api/v1/incidents/[id]": get(`/api/v1/incidents/${NO_RUN}`, "viewer", [404]),
  "GET /api/v1/incidents/[id]/stream": get(`/api/v1/incidents/${NO_RUN}/stream`, "viewer", [404]),
  "GET /api/v1/incidents/[id]/review": get(`/api/v1/incidents/${NO_RUN}/review`, "viewer", [404]),
  "POST /api/v1/incidents": {
    minimum: "operator",
    call: { method: "POST", path: "/api/v1/incidents", body: { title: "", severity: "P1" } },
    ok: [400],
  },
  "POST /api/v1/incidents/[id]/commands": {
    minimum: "operator",
    call: {
      method: "POST",
      path: `/api/v1/incidents/${NO_RUN}/commands`,
      body: { type: "public", text: "x" },
    },
    ok: [404],
  },
  "GET /api/v1/incidents/suggestions": get("/api/v1/incidents/suggestions", "viewer"),
  "GET /api/v1/maintenance": get("/api/v1/maintenance", "viewer"),
  "GET /api/v1/maintenance/[id]": get(`/api/v1/maintenance/${NO_RUN}`, "viewer", [404]),
  "POST /api/v1/maintenance": {
    minimum: "operator",
    call: { method: "POST", path: "/api/v1/maintenance", body: { title: "", services: ["web"] } },
    ok: [400],
  },
  "PATCH /api/v1/maintenance/[id]": {
    minimum: "operator",
    call: { method: "PATCH", path: `/api/v1/maintenance/${NO_RUN}`, body: { title: "x" } },
    ok: [404],
  },
  "DELETE /api/v1/maintenance/[id]": {
    minimum: "operator",
    call: { method: "DELETE", path: `/api/v1/maintenance/${NO_RUN}` },
    ok: [404],
  },
  "POST /api/v1/maintenance/[id]/end": {
    minimum: "operator",
    call: { method: "POST", path: `/api/v1/maintenance/${NO_RUN}/end` },
    ok: [404],
  },
  "GET /api/v1/schedules": get("/api/v1/schedules", "viewer"),
  "POST /api/v1/schedules/[id]/pause": {
    minimum: "operator",
    call: { method: "POST", path: "/api/v1/schedules/no-such-schedule/pause" },
    ok: [404],
  },
  "POST /api/v1/schedules/[id]/resume": {
    minimum: "operator",
    call: { method: "POST", path: "/api/v1/schedules/no-such-schedule/resume" },
    ok: [404],
  },
  "POST /api/v1/schedules/[id]/run": {
    minimum: "operator",
    call: { method: "POST", path: "/api/v1/schedules/no-such-schedule/run" },
    ok: [404],
  },
  "GET /api/v1/artifacts": get("/api/v1/artifacts", "viewer"),
  "GET /api/v1/artifacts/[id]/download": get(`/api/v1/artifacts/${NO_RUN}/download`, "viewer", [404]),
  "DELETE /api/v1/artifacts/[id]": {
    minimum: "admin",
    call: { method: "DELETE", path: `/api/v1/artifacts/${NO_RUN}` },
    ok: [404],
  },
  "POST /api/v1/users": {
    minimum: "admin",
    call: { method: "POST", path: "/api/v1/users", body: { email: "not-an-email", role: "viewer" } },
    ok: [400],
  },
  "PATCH /api/v1/users/[id]": {
    minimum: "admin",
    call: { method: "PATCH", path: "/api/v1/users/no-such-user", body: { role: "viewer" } },
    ok: [404],
  },
  "DELETE /api/v1/users/[id]": {
    minimum: "admin",
    call: { method: "DELETE", path: "/api/v1/users/no-such-user" },
    ok: [404],
  },
  "DELETE /api/v1/users/[id]/sessions": {
    minimum: "admin",
    call: { method: "DELETE", path: "/api/v1/users/no-such-user/sessions" },
    ok: [404],
  },
  "POST /api/v1/tokens": {
    minimum: "admin",
    call: { method: "POST", path: "/api/v1/tokens", body: { name: "", role: "viewer" } },
    ok: [400],
  },
  "DELETE /api/v1/tokens/[id]": {
    minimum: "admin",
    call: { method: "DELETE", path: "/api/v1/tokens/no-such-token" },
    ok: [404],
  },
};

interface PageEntry {
  minimum: Minimum;
  path: string;
  ok?: number[];
}

export const PAGE_TABLE: Record<string, PageEntry> = {
  "/map": { minimum: "viewer", path: "/map" },
  // A redirect to the list view: inside the streamed console it is sent as 200 plus a client redirect.
  "/services": { minimum: "viewer", path: "/services", ok: [200, 307] },
  "/services/[id]": { minimum: "viewer", path: "/services/web" },
  "/playbooks": { minimum: "viewer", path: "/playbooks" },
  "/playbooks/[id]": { minimum: "viewer", path: "/playbooks/printer-queue-backlog" },
  "/playbooks/import": { minimum: "operator", path: "/playbooks/import" },
  "/playbooks/runs/[id]": { minimum: "viewer", path: `/playbooks/runs/${NO_RUN}`, ok: [200, 404] },
  "/incidents": { minimum: "viewer", path: "/incidents" },
  "/incidents/[id]": { minimum: "viewer", path: `/incidents/${NO_RUN}`, ok: [200, 404] },
  "/maintenance": { minimum: "viewer", path: "/maintenance" },
  "/maintenance/[id]": { minimum: "viewer", path: `/maintenance/${NO_RUN}`, ok: [200, 404] },
  "/schedules": { minimum: "viewer", path: "/schedules" },
  "/artifacts": { minimum: "viewer", path: "/artifacts" },
  "/settings": { minimum: "viewer", path: "/settings" },
  "/actions": { minimum: "operator", path: "/actions" },
  // Not found inside the streamed console: 200 with the not-found page (and noindex).
  "/actions/runs/[id]": { minimum: "operator", path: `/actions/runs/${NO_RUN}`, ok: [200, 404] },
  "/audit": { minimum: "operator", path: "/audit" },
  "/audit/verify": { minimum: "admin", path: "/audit/verify" },
  "/settings/users": { minimum: "admin", path: "/settings/users" },
};

interface ActionEntry {
  minimum: Minimum;
  /** The argument sent: invalid or aimed at nothing, so an allowed call changes nothing. */
  input: unknown;
  /** What an allowed caller's answer holds: a refusal of the input, not of the caller. */
  okPattern: RegExp;
}

const userRefusal = /"ok":false,"error":\{"code":"(validation|not_found)"/;

export const ACTION_TABLE: Record<string, ActionEntry> = {
  runActionAction: {
    minimum: "operator",
    input: { serviceId: "web", actionId: "restart", params: { container: "not-a-container" } },
    okPattern: /"ok":false,"error":\{"code":"validation"/,
  },
  startPlaybookRunAction: {
    minimum: "operator",
    input: { playbookId: "no-such-playbook" },
    okPattern: /"ok":false,"error":\{"code":"not_found"/,
  },
  playbookCommandAction: {
    minimum: "operator",
    input: { runId: NO_RUN, type: "pause" },
    okPattern: /"ok":false,"error":\{"code":"not_found"/,
  },
  declareIncidentAction: {
    minimum: "operator",
    input: { title: "", severity: "P1" },
    okPattern: /"ok":false,"error":\{"code":"validation"/,
  },
  incidentCommandAction: {
    minimum: "operator",
    input: { incidentId: NO_RUN, type: "public", text: "x" },
    okPattern: /"ok":false,"error":\{"code":"not_found"/,
  },
  createWindowAction: {
    minimum: "operator",
    input: { title: "", services: ["web"] },
    okPattern: /"ok":false,"error":\{"code":"validation"/,
  },
  endWindowAction: {
    minimum: "operator",
    input: { windowId: NO_RUN },
    okPattern: /"ok":false,"error":\{"code":"not_found"/,
  },
  cancelWindowAction: {
    minimum: "operator",
    input: { windowId: NO_RUN },
    okPattern: /"ok":false,"error":\{"code":"not_found"/,
  },
  pauseScheduleAction: {
    minimum: "operator",
    input: { scheduleId: "no-such-schedule" },
    okPattern: /"ok":false,"error":\{"code":"not_found"/,
  },
  resumeScheduleAction: {
    minimum: "operator",
    input: { scheduleId: "no-such-schedule" },
    okPattern: /"ok":false,"error":\{"code":"not_found"/,
  },
  runScheduleNowAction: {
    minimum: "operator",
    input: { scheduleId: "no-such-schedule" },
    okPattern: /"ok":false,"error":\{"code":"not_found"/,
  },
  deleteArtifactAction: {
    minimum: "admin",
    input: { artifactId: NO_RUN },
    okPattern: /"ok":false,"error":\{"code":"not_found"/,
  },
  createUserAction: {
    minimum: "admin",
    input: { email: "not-an-email", role: "viewer" },
    okPattern: userRefusal,
  },
  changeRoleAction: {
    minimum: "admin",
    input: { userId: "no-such-user", role: "viewer" },
    okPattern: userRefusal,
  },
  setDisabledAction: {
    minimum: "admin",
    input: { userId: "no-such-user", disabled: true },
    okPattern: userRefusal,
  },
  revokeSessionsAction: { minimum: "admin", input: { userId: "no-such-user" }, okPattern: userRefusal },
  resetPasswordAction: { minimum: "admin", input: { userId: "no-such-user" }, okPattern: userRefusal },
  createTokenAction: { minimum: "admin", input: { name: "", role: "viewer" }, okPattern: userRefusal },
  revokeTokenAction: { minimum: "admin", input: { tokenId: "no-such-token" }, okPattern: userRefusal },
};
