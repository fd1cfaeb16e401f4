import { expect, test, type APIRequestContext } from "@playwright/test";
import { apiAs } from "./support/api";
import { signInAs } from "./support/users";

/**
 * A run's output is data: read again later through the API, its stream, the runs list or the run
 * page, it is withheld from a role without the permission its action required, and every look at
 * a read action's output is in the audit log.
 */

let admin: APIRequestContext;
let operator: APIRequestContext;
let origin = "";

test.beforeAll(async ({ baseURL }) => {
  origin = new URL(baseURL!).origin;
  admin = await apiAs(baseURL!, "admin");
  operator = await apiAs(baseURL!, "operator");
});
test.afterAll(async () => {
  await admin.dispose();
  await operator.dispose();
});

async function run(as: APIRequestContext, serviceId: string, actionId: string, params: object = {}) {
  const res = await as.post("/api/v1/actions/runs?wait=1", {
    data: { serviceId, actionId, params },
    headers: { Origin: origin },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as { id: string; status: string; result?: unknown; output: unknown[] };
}

async function runReads(runId: string): Promise<{ actorName: string; params: { via: string } }[]> {
  const res = await admin.get(`/api/v1/audit?action=run.read&runId=${runId}`);
  return ((await res.json()) as { events: { actorName: string; params: { via: string } }[] }).events;
}

test("the output of a read action is audited each time it is read again, and never listed", async () => {
  const done = await run(operator, "printer", "logs", { limit: 5 });
  expect(done.status).toBe("succeeded");

  const again = await operator.get(`/api/v1/runs/${done.id}`);
  expect(again.status()).toBe(200);
  const body = (await again.json()) as { output: unknown[]; withheld?: string };
  expect(body.withheld).toBeUndefined();
  expect(body.output.length).toBeGreaterThan(0);
  await expect
    .poll(async () => (await runReads(done.id)).map((e) => [e.actorName, e.params.via]))
    .toEqual([["operator@e2e.test", "api"]]);

  // The list shows that it ran, not what it read.
  const list = (await (await operator.get("/api/v1/runs?serviceId=printer&limit=20")).json()) as {
    runs: { id: string; output: unknown[]; result?: unknown }[];
  };
  const listed = list.runs.find((r) => r.id === done.id)!;
  expect(listed.output).toEqual([]);
  expect(listed).not.toHaveProperty("result");
});

test("a run of an action the reader may not run keeps its output and result from them, on every path", async ({
  page,
}) => {
  const done = await run(admin, "vectors", "collections");
  expect(done.status).toBe("succeeded");
  expect(done.result).toBeDefined();

  const seen = (await (await operator.get(`/api/v1/runs/${done.id}`)).json()) as {
    output: unknown[];
    result?: unknown;
    withheld?: string;
    status: string;
  };
  expect(seen.status).toBe("succeeded");
  expect(seen.output).toEqual([]);
  expect(seen).not.toHaveProperty("result");
  expect(seen).not.toHaveProperty("params");
  expect(seen.withheld).toMatch(/actions\.run\.privileged/);
  // In the runs list too: that it ran, not with what.
  const list = (await (await operator.get("/api/v1/runs?serviceId=vectors&limit=50")).json()) as {
    runs: { id: string; params?: unknown; withheld?: string }[];
  };
  const listed = list.runs.find((r) => r.id === done.id)!;
  expect(listed).not.toHaveProperty("params");
  expect(listed.withheld).toMatch(/actions\.run\.privileged/);

  const stream = await operator.get(`/api/v1/runs/${done.id}/stream`);
  expect(stream.status()).toBe(403);
  expect((await stream.json()).error.message).toMatch(/actions\.run\.privileged/);

  await signInAs(page, "operator");
  await page.goto(`/actions/runs/${done.id}`);
  await expect(page.getByTestId("run-output-withheld")).toContainText("actions.run.privileged");

  // The admin sees it, and that look is audited as a read.
  const full = (await (await admin.get(`/api/v1/runs/${done.id}`)).json()) as { result?: unknown };
  expect(full.result).toEqual(done.result);
  await expect
    .poll(async () => (await runReads(done.id)).map((e) => e.actorName))
    .toEqual(["admin@e2e.test"]);
});
