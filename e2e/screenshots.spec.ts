import { expect, test, type Browser, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";

const DIR = path.join(__dirname, "screenshots");
const VIEWPORT = { width: 1440, height: 900 };
// The pictures show the test stack healthy, as after `docker compose up`: wait for Web to be up.
const PAGES = [
  {
    name: "map",
    url: "/map",
    ready: (page: Page) =>
      expect(page.getByTestId("service-web")).toHaveAttribute("data-state", "up", { timeout: 30_000 }),
  },
  {
    name: "service-web",
    url: "/services/web",
    ready: (page: Page) =>
      expect(page.getByRole("heading", { level: 1, name: /Web/ })).toBeVisible({ timeout: 20_000 }),
  },
];

/** Width and height from a PNG's IHDR chunk (bytes 16-23, big-endian). */
function pngSize(file: string) {
  const head = fs.readFileSync(file).subarray(0, 24);
  expect(head.subarray(1, 4).toString("latin1")).toBe("PNG");
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

/** The page background each theme paints (globals.css --background). */
const BACKGROUND = { light: "rgb(255, 255, 255)", dark: "rgb(9, 9, 11)" };

async function signedInPage(browser: Browser, colorScheme: "light" | "dark") {
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill("admin@e2e.test");
  await page.getByLabel("Password").fill("e2e-admin-password-123");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/map$/);
  return page;
}

for (const theme of ["light", "dark"] as const) {
  test(`screenshots of the map and a service page at 1440x900, ${theme}`, async ({ browser }) => {
    fs.mkdirSync(DIR, { recursive: true });
    const page = await signedInPage(browser, theme);
    for (const target of PAGES) {
      const file = path.join(DIR, `${target.name}-${theme}.png`);
      fs.rmSync(file, { force: true });
      await page.goto(target.url);
      await target.ready(page);
      // Wait for live data: the strip knows what is down and no placeholder remains.
      await expect(page.getByTestId("down-summary")).toHaveAttribute("data-down", /\d+/, { timeout: 20_000 });
      await expect(page.locator("main [data-skeleton]")).toHaveCount(0, { timeout: 20_000 });
      // The theme follows the emulated system setting; otherwise light and dark would be one picture.
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
        BACKGROUND[theme],
      );
      await page.screenshot({ path: file, animations: "disabled", caret: "hide" });

      expect(fs.existsSync(file), file).toBe(true);
      expect(pngSize(file)).toEqual(VIEWPORT);
      // A blank or single-color page compresses to a few KB; a rendered console is far larger.
      expect(fs.statSync(file).size, file).toBeGreaterThan(20_000);
    }
    await page.context().close();
  });
}
