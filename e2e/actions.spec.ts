import { expect, test, type Page } from "@playwright/test";
import { apiAs } from "./support/api";
import { docker } from "./support/docker";

/**
 * Runbook actions in the browser: an operator restarts the e2e web container from its service
 * page and watches the run; a viewer sees no button and a forged request is refused; the audit
 * page shows both. The tests build on each other, so they run in order and stop at a failure.
 */
test.describe.configure({ mode: "serial" });

const WEB = "/services/web";
const CONTAINER = "opsdeck-e2e-web";
const USERS = {
  admin: { email: "admin@e2e.test", password: "e2e-admin-password-123" },
  operator: { email: "operator@e2e.test", password: "e2e-operator-password-123" },
  viewer: { email: "viewer@e2e.test", password: "e2e-viewer-password-123" },
} as const;

async function signIn(page: Page, who: keyof typeof USERS) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(USERS[who].email);
  await page.getByLabel("Password").fill(USERS[who].password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/map$/);
}

/** Docker's own start time of the container, to milliseconds (Docker reports nanoseconds). */
function dockerStartedAt(): number {
  return toMs(docker("inspect", "-f", "{{.State.StartedAt}}", CONTAINER));
}
const toMs = (iso: string) => Date.parse(iso.replace(/(\.\d{3})\d+/, "$1"));

/** Opens the web service page and waits until its container is shown running. */
async function openWebPage(page: Page) {
  await page.goto(WEB);
  await expect(page.getByRole("heading", { level: 1, name: "Web" })).toBeVisible();
  await expect(page.getByTestId(`container-${CONTAINER}`)).toHaveAttribute("data-state", "running", {
    timeout: 30_000,
  });
}

test("an operator restarts the web container from its service page and watches the run succeed", async ({
  page,
}) => {
  await signIn(page, "operator");
  await openWebPage(page);
  const row = page.getByTestId(`container-${CONTAINER}`);
  const uptimeBefore = await row.locator("time").getAttribute("datetime");
  const before = dockerStartedAt();

  const actions = page.getByRole("region", { name: "Actions" });
  await actions.getByRole("button", { name: "Restart container", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Restart container" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Container", { exact: true }).selectOption(CONTAINER);
  // busybox httpd as PID 1 ignores SIGTERM: a short grace period keeps the test quick.
  await dialog.getByLabel("Seconds to wait before killing").fill("1");
  await expect(dialog.getByTestId("action-consequence")).toContainText(`Restart container on ${CONTAINER}`);
  await dialog.getByRole("button", { name: `Restart container: ${CONTAINER}` }).click();

  // The output streams into the dialog, then the final status is shown and announced.
  const run = dialog.getByTestId("run-view");
  await expect(dialog.getByTestId("run-output")).toContainText(`restarting ${CONTAINER}`, {
    timeout: 20_000,
  });
  await expect(run).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await expect(dialog.getByTestId("run-status")).toHaveText(/succeeded/);
  await expect(dialog.getByTestId("run-announcement")).toHaveText("Restart container succeeded");
  await expect(dialog.getByTestId("run-duration")).toContainText(/took \d/);

  // The result names the new start time, and Docker agrees that the container started again.
  const result = JSON.parse((await dialog.getByTestId("run-result").textContent()) ?? "{}") as {
    container?: string;
    state?: string;
    startedAt?: string;
  };
  expect(result.container).toBe(CONTAINER);
  expect(result.state).toBe("running");
  const after = dockerStartedAt();
  expect(after).toBeGreaterThan(before);
  expect(Math.abs(toMs(result.startedAt ?? "") - after)).toBeLessThan(2);

  // The run has a page of its own.
  const runPage = dialog.getByRole("link", { name: "Open the run page" });
  const runId = (await runPage.getAttribute("href"))?.split("/").pop() ?? "";
  expect(runId).toMatch(/^[0-9a-f-]{36}$/);

  // Escape closes and gives focus back to the button; the containers panel shows the new start
  // time and the run is listed.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(actions.getByRole("button", { name: "Restart container", exact: true })).toBeFocused();
  await expect
    .poll(() => row.locator("time").getAttribute("datetime"), { timeout: 15_000 })
    .not.toBe(uptimeBefore);
  const listed = actions.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
  await expect(listed).toHaveAttribute("data-status", "succeeded", { timeout: 10_000 });
  await expect(listed).toContainText(USERS.operator.email);

  await listed.getByRole("link", { name: /^restart on / }).click();
  await expect(page).toHaveURL(new RegExp(`/actions/runs/${runId}$`));
  await expect(page.getByTestId("run-view")).toHaveAttribute("data-status", "succeeded");
  await expect(page.getByTestId("run-output")).toContainText(`restarting ${CONTAINER}`);
});

test("a viewer sees no action buttons, and a forged run request is refused without touching the container", async ({
  page,
}) => {
  await signIn(page, "viewer");
  await openWebPage(page);
  await expect(page.getByTestId("containers-table")).toBeVisible();
  await expect(page.getByRole("region", { name: "Actions" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Restart container" })).toHaveCount(0);

  const before = dockerStartedAt();
  const origin = new URL(page.url()).origin;
  const body = { serviceId: "web", actionId: "restart", params: { container: CONTAINER } };
  // Same origin, the viewer's own session: the permission table refuses it.
  const forged = await page.request.post("/api/v1/actions/runs", { data: body, headers: { Origin: origin } });
  expect(forged.status()).toBe(403);
  const answer = (await forged.json()) as { error: { code: string; message: string } };
  expect(answer.error.code).toBe("forbidden");
  expect(answer.error.message).toMatch(/actions\.run\.safe/);
  // Without a matching Origin the session cookie alone is not enough either.
  const crossSite = await page.request.post("/api/v1/actions/runs", {
    data: body,
    headers: { Origin: "http://evil.example" },
  });
  expect(crossSite.status()).toBe(403);
  expect(dockerStartedAt()).toBe(before);

  // Pages the role cannot use answer 403, inside the console, saying which role they need.
  const audit = await page.goto("/audit");
  expect(audit?.status()).toBe(403);
  await expect(page.locator("main#main").getByTestId("needs-permission")).toContainText(
    "You need the operator role to read the audit log",
  );
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  const runs = await page.goto("/actions");
  expect(runs?.status()).toBe(403);
  await expect(page).toHaveURL(/\/actions$/);
  await expect(page.locator("main#main").getByTestId("needs-permission")).toContainText(
    "You need the operator role to see action runs",
  );
});

test("the audit page shows the operator's restart and the viewer's denied attempt, linked and verifiable", async ({
  page,
}) => {
  await signIn(page, "admin");
  await page.goto("/audit?action=container.restart");
  const rows = page.getByTestId("audit-row");
  const outcome = (o: string) => page.locator(`[data-testid="audit-row"][data-outcome="${o}"]`);
  const succeeded = outcome("succeeded").filter({ hasText: USERS.operator.email });
  await expect(succeeded.first()).toBeVisible();
  await expect(succeeded.first()).toContainText(`web (container ${CONTAINER})`);
  await expect(succeeded.first()).toContainText("operator");
  const denied = outcome("denied").filter({ hasText: USERS.viewer.email });
  await expect(denied.first()).toBeVisible();
  await expect(denied.first()).toContainText("actions.run.safe");
  await expect(denied.first()).toContainText(CONTAINER);

  // The outcome filter lives in the URL and narrows the table.
  await page.getByLabel("Outcome").selectOption("denied");
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await expect(page).toHaveURL(/outcome=denied/);
  await expect(rows.first()).toBeVisible();
  expect(
    await rows.evaluateAll((els) => els.every((el) => el.getAttribute("data-outcome") === "denied")),
  ).toBe(true);
  await expect(page.getByTestId("audit-export-csv")).toHaveAttribute("href", /format=csv.*outcome=denied/);

  // Every row of a run links to its output.
  await page.goto("/audit?action=container.restart&outcome=succeeded");
  await succeeded.first().getByTestId("audit-run-link").click();
  await expect(page).toHaveURL(/\/actions\/runs\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("run-view")).toHaveAttribute("data-status", "succeeded");

  await page.goto("/audit");
  await page.getByRole("link", { name: "Verify chain" }).click();
  await expect(page).toHaveURL(/\/audit\/verify$/);
  await expect(page.getByTestId("verify-result")).toHaveAttribute("data-ok", "true", { timeout: 30_000 });
});

test("the runs page shows a run someone else starts, and its end, without a reload", async ({
  page,
  baseURL,
}) => {
  await signIn(page, "admin");
  await page.goto("/actions");
  const rows = page.getByTestId("run-row");
  const before = await rows.count();
  // Another person starts a restart through the API while the page stays open.
  const operator = await apiAs(baseURL!, "operator");
  const started = await operator.post("/api/v1/actions/runs", {
    data: { serviceId: "web", actionId: "restart", params: { container: CONTAINER, timeout_s: 1 } },
    headers: { Origin: new URL(baseURL!).origin },
  });
  expect(started.status()).toBe(202);
  const { runId } = (await started.json()) as { runId: string };
  const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
  await expect(row).toBeVisible({ timeout: 25_000 });
  await expect(row).toHaveAttribute("data-status", "succeeded", { timeout: 25_000 });
  expect(await rows.count()).toBe(before + 1);
  await operator.dispose();
});
