import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { docker } from "./support/docker";

const EMAIL = "admin@e2e.test";
const PASSWORD = "e2e-admin-password-123";

/** Presses Tab (or Shift+Tab) until `target` has focus; fails if it is not reached. */
async function tabTo(page: Page, target: Locator, { backward = false, max = 40 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backward ? "Shift+Tab" : "Tab");
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
  }
  throw new Error(`${target} was not reached with ${max} presses of Tab`);
}

async function signInWithKeyboard(page: Page) {
  await page.goto("/login");
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(EMAIL);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/map$/);
  // The live summary renders only once the page is hydrated, so shortcuts are listened to.
  await expect(page.getByTestId("down-summary")).toHaveAttribute("data-down", /\d+/, { timeout: 20_000 });
}

/** Serious and critical WCAG 2.1 A/AA violations, one readable line each. */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

/** Live data has arrived: the strip knows what is down and no placeholder is left in the page. */
async function settled(page: Page) {
  await expect(page.getByTestId("down-summary")).toHaveAttribute("data-down", /\d+/, { timeout: 20_000 });
  await expect(page.locator("main [data-skeleton]")).toHaveCount(0, { timeout: 20_000 });
}

test("keyboard only: sign in, skip to content, use the sidebar and the palette to reach a service page", async ({
  page,
}) => {
  await signInWithKeyboard(page);

  // The first Tab on a console page offers the skip link; Enter moves focus into the page.
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();

  // Back from the page into the sidebar (it comes before main), Enter on Services; the current
  // page is marked for assistive technology.
  const nav = page.getByRole("navigation", { name: "Main" });
  await tabTo(page, nav.getByRole("link", { name: "Services" }), { backward: true });
  await page.keyboard.press("Enter");
  // Services is the map's list view.
  await expect(page).toHaveURL(/\/map\?view=list$/);
  await expect(page.getByRole("table")).toBeVisible();
  await expect(nav.getByRole("link", { name: "Services" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Service map" })).not.toHaveAttribute("aria-current", "page");

  // Palette: Ctrl+K, type, Enter.
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await expect(palette).toBeVisible();
  await expect(palette.getByRole("combobox")).toBeFocused();
  await page.keyboard.type("web");
  await expect(palette.getByRole("option", { name: /^Web/ })).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/services\/web$/);
  await expect(palette).toBeHidden();
  // Focus starts in the new page's content, so the next Tab goes into it.
  await expect(page.locator("main#main")).toBeFocused();
  await expect(page.getByRole("heading", { level: 1, name: /Web/ })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Services" })).toHaveAttribute("aria-current", "page");
});

test("the palette opens with Ctrl+K and from its button, lists pages and services, and Escape returns focus", async ({
  page,
}) => {
  await signInWithKeyboard(page);
  const palette = page.getByRole("dialog", { name: "Command palette" });

  await page.keyboard.press("Control+k");
  await expect(palette).toBeVisible();
  await expect(palette.getByRole("option", { name: /^API/ })).toBeVisible();
  await page.keyboard.type("playb");
  // The Playbooks page first, then the playbooks one may start from here.
  await expect(palette.getByRole("option").first()).toHaveAccessibleName(/^Playbooks/);
  await expect(palette.getByRole("option").first()).toHaveAttribute("aria-selected", "true");
  await expect(palette.getByRole("group", { name: "Start a playbook" }).getByRole("option")).toHaveCount(3);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/playbooks$/);
  await expect(page.getByRole("heading", { level: 1, name: "Playbooks" })).toBeVisible();

  // The same palette from its sidebar button, by keyboard; Escape closes and focus goes back.
  const opener = page.getByRole("button", { name: /Jump to/ });
  await tabTo(page, opener);
  await page.keyboard.press("Enter");
  await expect(palette).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Escape");
  await expect(palette).toBeHidden();
  await expect(opener).toBeFocused();
  await expect(page).toHaveURL(/\/playbooks$/);
});

test("the status strip names a stopped service live, and its health details open by keyboard", async ({
  page,
}) => {
  await signInWithKeyboard(page);
  const strip = page.getByRole("region", { name: "Live status" });
  const summary = page.getByTestId("down-summary");
  await expect(page.getByTestId("service-web")).toHaveAttribute("data-state", "up", { timeout: 30_000 });
  await expect(summary).toHaveAttribute("data-down", "0");

  docker("stop", "-t", "0", "opsdeck-e2e-web");
  try {
    await expect(strip.getByRole("link", { name: "Web" })).toBeVisible({ timeout: 5_000 });
    await expect(summary).toContainText(/\d+ down:/);
  } finally {
    docker("start", "opsdeck-e2e-web");
  }
  await expect(summary).toHaveAttribute("data-down", "0", { timeout: 30_000 });

  const details = strip.getByRole("button", { name: /Console health/ });
  await expect(details).toHaveAttribute("data-problems", "0");
  await tabTo(page, details);
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Console health" });
  await expect(dialog).toContainText("Docker engine: connected");
  await expect(dialog).toContainText("Database (postgres): reachable");
  await expect(dialog).toContainText("Redis: connected");
  await expect(dialog).toContainText("Configuration: loaded");
  await expect(dialog).toContainText("opsdeck.e2e.yml");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(details).toBeFocused();
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`axe: the map and a service page have no serious or critical violations (${colorScheme})`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme });
    await signInWithKeyboard(page);
    await expect(page.getByTestId("service-web")).toBeVisible({ timeout: 20_000 });
    await settled(page);
    expect(await seriousViolations(page), "/map").toEqual([]);

    await page.keyboard.press("Control+k");
    await expect(page.getByRole("dialog", { name: "Command palette" })).toBeVisible();
    expect(await seriousViolations(page), "/map with the palette open").toEqual([]);
    await page.keyboard.press("Escape");

    await page.goto("/services/web");
    await expect(page.getByRole("heading", { level: 1, name: /Web/ })).toBeVisible();
    await settled(page);
    expect(await seriousViolations(page), "/services/web").toEqual([]);
  });
}
