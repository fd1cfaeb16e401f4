import { expect, test, type Page } from "@playwright/test";

const PRINTER = "/services/printer";

async function signIn(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Email").fill("admin@e2e.test");
  await page.getByLabel("Password").fill("e2e-admin-password-123");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/map$/);
}

/** Fails the test on any dialog: a log line must never get to run script. */
function forbidDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on("dialog", (dialog) => {
    seen.push(dialog.message());
    void dialog.dismiss();
  });
  return seen;
}

const logLines = (page: Page) => page.getByTestId("log-lines").getByTestId("log-line");

test("the service page shows state, history and metric charts, live container stats and live logs", async ({
  page,
}) => {
  const dialogs = forbidDialogs(page);
  await signIn(page);
  await page.goto(PRINTER);
  await expect(page.getByRole("heading", { level: 1, name: "Printer" })).toBeVisible();
  await expect(page.getByTestId("service-header")).toHaveAttribute("data-state", "up", { timeout: 20_000 });
  await expect(page.getByTestId("check-queue")).toContainText("exec");

  // Live logs: stdout and stderr lines arrive and keep arriving without a reload.
  await expect(
    logLines(page)
      .filter({ hasText: /^.*tick \d+$/ })
      .first(),
  ).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("log-lines").locator('[data-stream="err"]').first()).toContainText(
    "from stderr",
  );
  const ticks = async () =>
    logLines(page)
      .filter({ hasText: /tick \d+$/ })
      .count();
  const before = await ticks();
  await expect.poll(ticks, { timeout: 10_000 }).toBeGreaterThan(before);

  // HTML in a line is text: visible as characters, no element injected, nothing executed.
  await expect(
    logLines(page).filter({ hasText: "<script>alert(1)</script><img src=x onerror=alert(2)>" }).first(),
  ).toBeVisible();
  expect(await page.locator("[data-testid=log-lines] script, [data-testid=log-lines] img").count()).toBe(0);
  // ANSI colors are rendered as styles, never as raw escape codes.
  const red = page.getByTestId("log-lines").getByText("red alert", { exact: true }).first();
  await expect(red).toHaveClass(/text-red-/);
  await expect(red).toHaveClass(/font-bold/);
  expect(await page.getByTestId("log-lines").textContent()).not.toContain("\u001b");

  // Containers with live CPU and memory from the shared sampler.
  const row = page.getByTestId("container-opsdeck-e2e-printer");
  await expect(row).toHaveAttribute("data-state", "running");
  await expect(row.getByTestId("container-memory")).toContainText(/\d.*(B|KiB|MiB)/, { timeout: 10_000 });
  await expect(row.getByTestId("container-cpu")).toContainText(/\d+\.\d %/, { timeout: 10_000 });

  // History: the latency chart draws this run's samples (before any roll-up has run; a lone
  // first minute shows as a dot), and the metric chart carries the warn and critical lines.
  const latency = page.getByTestId("latency-chart");
  await expect(latency.locator("circle.isolated-dot, path.recharts-line-curve[d*='L']").first()).toBeVisible({
    timeout: 15_000,
  });
  const metric = page.getByTestId("metric-chart-queue-queue_depth");
  await expect(metric).toContainText("warn > 50");
  await expect(metric).toContainText("critical > 90");
  await expect(metric.locator(".recharts-reference-line")).toHaveCount(2);
  await expect(page.getByTestId("state-timeline").locator('[data-state="up"]').first()).toBeAttached();
  await expect(page.getByTestId("uptime-summary")).toContainText("Uptime 1h");

  expect(dialogs).toEqual([]);
});

test("the log filter (text and regex, validated) and pause work", async ({ page }) => {
  const dialogs = forbidDialogs(page);
  await signIn(page);
  await page.goto(PRINTER);
  await expect(logLines(page).first()).toBeVisible({ timeout: 20_000 });
  const filter = page.getByLabel(/^Filter/);
  const texts = () => logLines(page).allTextContents();

  await filter.fill("from stderr");
  await expect.poll(async () => (await texts()).length, { timeout: 10_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await texts()).every((t) => t.includes("from stderr"))).toBe(true);

  await page.getByLabel("Regex").check();
  await filter.fill("(a+)+$");
  await expect(page.getByRole("alert").filter({ hasText: "nested repetition" })).toBeVisible();
  await filter.fill("^tick [0-9]*[02468]$");
  await expect(page.getByRole("alert").filter({ hasText: "nested repetition" })).toBeHidden();
  await expect.poll(async () => (await texts()).length, { timeout: 10_000 }).toBeGreaterThan(0);
  await expect
    .poll(async () => (await texts()).every((t) => /tick \d*[02468]$/.test(t)), { timeout: 10_000 })
    .toBe(true);

  await page.getByLabel("Regex").uncheck();
  await filter.fill("");
  await expect
    .poll(async () => (await texts()).some((t) => t.includes("from stderr")), { timeout: 10_000 })
    .toBe(true);

  // Pause holds new lines (the view stops moving), resume shows them.
  await page.getByRole("button", { name: "Pause" }).click();
  const shown = (await texts()).length;
  await expect(page.getByTestId("log-held")).toContainText(/Paused · [1-9]\d* new lines held/, {
    timeout: 5_000,
  });
  expect((await texts()).length).toBe(shown);
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByTestId("log-held")).toBeHidden();
  await expect.poll(async () => (await texts()).length).toBeGreaterThan(shown);

  expect(dialogs).toEqual([]);
});

test("service data, stats and logs need a session, and never carry container environment", async ({
  page,
}) => {
  const base = "/api/v1/services/printer";
  for (const path of [
    "",
    "/history",
    "/events",
    "/containers",
    "/stats",
    "/logs?container=opsdeck-e2e-printer",
  ])
    expect((await page.request.get(`${base}${path}`)).status(), path || "/").toBe(401);
  await signIn(page);
  const containers = await page.request.get(`${base}/containers`);
  expect(containers.status()).toBe(200);
  const body = await containers.text();
  expect(body).toContain("opsdeck-e2e-printer");
  expect(body).not.toMatch(/"env"|PATH=/);
  const invalid = await page.request.get(`${base}/logs?container=opsdeck-e2e-printer&regex=1&q=(a%2B)%2B`);
  expect(invalid.status()).toBe(400);
  expect((await invalid.json()).error.message).toMatch(/nested repetition/);
  const foreign = await page.request.get(`${base}/logs?container=opsdeck-e2e-web`);
  expect(foreign.status()).toBe(404);
  const download = await page.request.get(`${base}/logs/download?container=opsdeck-e2e-printer&q=tick`);
  expect(download.headers()["content-disposition"]).toMatch(/attachment; filename="opsdeck-e2e-printer-/);
  const lines = (await download.text()).trim().split("\n");
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.every((l) => / stdout tick \d+$/.test(l))).toBe(true);
});
