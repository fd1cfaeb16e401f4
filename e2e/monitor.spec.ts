import { expect, test, type Page } from "@playwright/test";
import { docker } from "./support/docker";

async function signIn(page: Page) {
  await page.goto("/map");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill("admin@e2e.test");
  await page.getByLabel("Password").fill("e2e-admin-password-123");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/map$/);
}

test("a wrong password is refused with a message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("admin@e2e.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
});

test("Enter pressed before the page's scripts have run still signs in, and the typed values are kept", async ({
  page,
}) => {
  // Hold the page's scripts back, so the form is typed into and submitted before hydration.
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  // Scripts only: a held stylesheet would block the parser, and with it the whole page.
  await page.route("**/_next/static/chunks/**", async (route) => {
    if (route.request().resourceType() === "script") await released;
    await route.continue();
  });
  // DOMContentLoaded: the whole page is parsed (Next loads its chunks async, so they do not hold it).
  await page.goto("/login", { waitUntil: "domcontentloaded" });
  await page.getByLabel("Email").fill("admin@e2e.test");
  await page.getByLabel("Password").fill("e2e-admin-password-123");
  await page.getByLabel("Password").press("Enter");
  // Not posted back to itself meanwhile: the values are still there.
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel("Email")).toHaveValue("admin@e2e.test");
  release();
  await expect(page).toHaveURL(/\/map$/);
});

test("the live stream turns a stopped container's service down without a reload, and back up", async ({
  page,
}) => {
  await signIn(page);
  const web = page.getByTestId("service-web");
  const api = page.getByTestId("service-api");
  await expect(page.getByTestId("stream-state")).toHaveAttribute("data-connection", "open");
  await expect(web).toHaveAttribute("data-state", "up", { timeout: 20_000 });

  // Mark the document: a reload would lose this, so seeing it later proves there was none.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  const stoppedAt = Date.now();
  docker("stop", "-t", "0", "opsdeck-e2e-web");
  await expect(web).toHaveAttribute("data-state", "down", { timeout: 5_000 });
  const detectedMs = Date.now() - stoppedAt;
  await expect(api).toHaveAttribute("data-impacted", "true");
  await expect(api.getByTestId("impact")).toContainText("Web");
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  test
    .info()
    .annotations.push({ type: "detection", description: `${detectedMs} ms from docker stop to the page` });

  docker("start", "opsdeck-e2e-web");
  await expect(web).toHaveAttribute("data-state", "up", { timeout: 20_000 });
  await expect(api).toHaveAttribute("data-impacted", "false");
});

test("API routes refuse anonymous callers; health answers without a session", async ({ request }) => {
  expect((await request.get("/api/v1/map")).status()).toBe(401);
  expect((await request.get("/api/v1/stream")).status()).toBe(401);
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  const body = await health.json();
  expect(body.database.ok).toBe(true);
  expect(body.docker.state).toBe("connected");
  expect(body).not.toHaveProperty("config.errors");
});
