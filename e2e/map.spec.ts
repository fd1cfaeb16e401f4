import { expect, test, type Page } from "@playwright/test";
import { docker } from "./support/docker";

async function signIn(page: Page) {
  // Wait for the form to be hydrated: a click before that submits it as a plain GET.
  await page.goto("/login", { waitUntil: "networkidle" });
  await page.getByLabel("Email").fill("admin@e2e.test");
  await page.getByLabel("Password").fill("e2e-admin-password-123");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/map$/);
}

/** Both e2e services are up (the containers may still be starting when a test begins). */
async function bothUp(page: Page) {
  await expect(page.getByTestId("service-web")).toHaveAttribute("data-state", "up", { timeout: 20_000 });
  await expect(page.getByTestId("service-api")).toHaveAttribute("data-state", "up", { timeout: 20_000 });
}

test("the map shows the e2e stack as a group with its services, the dependency and counts by state", async ({
  page,
}) => {
  await signIn(page);
  await bothUp(page);
  const stack = page.getByTestId("stack-e2e");
  await expect(stack.getByRole("heading", { name: "E2E stack" })).toBeVisible();
  const up = await page.locator('[data-testid^="service-"][data-state="up"]').count();
  await expect(stack.locator("[data-count=up]")).toHaveText(new RegExp(`${up} up`));
  // api depends on web: one edge, arrow towards web.
  await expect(page.locator('[data-id="api->web"]')).toHaveCount(1);

  // The reason shows on hover...
  const web = page.getByTestId("service-web");
  await web.hover();
  await expect(page.getByRole("tooltip").filter({ hasText: "Web: up" })).toBeVisible();
  await page.mouse.move(0, 0);
  await expect(page.getByRole("tooltip")).toHaveCount(0);

  // ...and on keyboard focus; Enter opens the service page.
  const webNode = page.locator('.react-flow__node[data-id="web"]');
  for (let i = 0; i < 40 && !(await webNode.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press("Tab");
  await expect(webNode).toBeFocused();
  await expect(page.getByRole("tooltip").filter({ hasText: "Web: up" })).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/services\/web$/);
});

test("zoomed out below readable size, a stack shows its services as cells by state; a click zooms back in", async ({
  page,
}) => {
  await signIn(page);
  await bothUp(page);
  const stack = page.getByTestId("stack-e2e");
  await expect(stack).not.toHaveAttribute("data-view", "overview");
  const zoomOut = page.getByRole("button", { name: /zoom out/i });
  for (let i = 0; i < 15 && (await stack.getAttribute("data-view")) !== "overview"; i++)
    await zoomOut.click();
  await expect(stack).toHaveAttribute("data-view", "overview");
  // No service node is mounted; every service is still drawn, with its state, inside its stack.
  await expect(page.locator(".react-flow__node-service")).toHaveCount(0);
  const cells = stack.locator("[data-map-service]");
  const services = await cells.count();
  expect(services).toBeGreaterThanOrEqual(2);
  await expect(stack.getByTestId("service-web")).toHaveAttribute("data-state", "up");
  await expect(stack.getByTestId("service-web")).toHaveAttribute("title", "Web: up");
  // The stack says in words what the cells show, for keyboard and screen reader users, and opens
  // (zooms in) with Enter as with a click.
  const open = page.getByRole("button", { name: new RegExp(`^E2E stack: ${services} services\\. `) });
  await expect(open).toHaveAccessibleName(/\. press Enter to zoom in$/);
  await open.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator('.react-flow__node[data-id="web"]')).toBeVisible();
  await expect(stack).not.toHaveAttribute("data-view", "overview");
  // Out again, and a click does the same.
  for (let i = 0; i < 15 && (await stack.getAttribute("data-view")) !== "overview"; i++)
    await zoomOut.click();
  await expect(stack).toHaveAttribute("data-view", "overview");
  await stack.click();
  await expect(page.locator('.react-flow__node[data-id="web"]')).toBeVisible();
  await expect(stack).not.toHaveAttribute("data-view", "overview");
});

test("filters by state and text, `/` focuses the search box, and the URL keeps the filters", async ({
  page,
}) => {
  await signIn(page);
  await bothUp(page);
  const search = page.getByRole("searchbox", { name: "Search services" });

  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("/");
  await expect(search).toBeFocused();
  await page.keyboard.type("api");
  await expect(page.getByTestId("service-api")).toBeVisible();
  await expect(page.getByTestId("service-web")).toHaveCount(0);
  await expect(page.getByTestId("match-count")).toHaveText(/^1 of \d+ services$/);
  // Inside a field, `/` is just a character.
  await page.keyboard.type("/");
  await expect(search).toHaveValue("api/");
  await expect(page.getByTestId("match-count")).toHaveText(/^0 of \d+ services$/);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page.getByTestId("match-count")).toHaveText(/^\d+ services$/);

  const state = page.getByRole("combobox", { name: "State" });
  await state.selectOption("down");
  await expect(page.getByText("No service matches these filters.")).toBeVisible();
  await expect(page.getByTestId("service-web")).toHaveCount(0);
  await state.selectOption("up");
  await expect(page.getByTestId("service-web")).toBeVisible();
  await expect(page).toHaveURL(/\?state=up$/);

  await page.reload();
  await expect(state).toHaveValue("up");
  await expect(page.getByTestId("service-web")).toBeVisible();
});

test("the list view sorts by column, moves with the arrow keys and links each row to its service page", async ({
  page,
}) => {
  await signIn(page);
  await bothUp(page);
  await page.getByRole("button", { name: "List" }).click();
  await expect(page).toHaveURL(/\?view=list$/);
  const table = page.getByTestId("service-table");
  const names = () => table.locator("tbody tr td:first-child").allTextContents();

  const byService = table.getByRole("columnheader", { name: /Service/ });
  await byService.getByRole("button").click();
  await expect(byService).toHaveAttribute("aria-sort", "ascending");
  const ascending = await names();
  expect(ascending).toEqual(expect.arrayContaining(["API", "Web"]));
  expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b)));
  await byService.getByRole("button").click();
  await expect(byService).toHaveAttribute("aria-sort", "descending");
  expect(await names()).toEqual([...ascending].reverse());

  const links = table.locator("tbody tr td:first-child a");
  await links.first().focus();
  await page.keyboard.press("ArrowDown");
  await expect(links.nth(1)).toBeFocused();
  const href = await links.nth(1).getAttribute("href");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${href}$`));

  await page.goBack();
  await expect(page).toHaveURL(/\?view=list$/);
  await expect(table).toBeVisible();
});

test("a stopped container turns its node down within 2 s without a reload; its dependent points at it", async ({
  page,
}) => {
  await signIn(page);
  await bothUp(page);
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  docker("stop", "-t", "0", "opsdeck-e2e-web");
  try {
    await expect(page.getByTestId("service-web")).toHaveAttribute("data-state", "down", { timeout: 2_000 });
    const api = page.getByTestId("service-api");
    await expect(api).toHaveAttribute("data-impacted", "true");
    await expect(api.getByTestId("impact")).toHaveText(/impacted by Web/);
    await expect(page.locator('[data-id="api->web"]')).toHaveClass(/impact-path/);
    await expect(page.getByTestId("stack-e2e").locator("[data-count=down]")).toHaveText(/1 down/);

    // The same live data in the list, most broken first.
    await page.getByRole("button", { name: "List" }).click();
    await expect(page.getByTestId("row-web")).toHaveAttribute("data-state", "down");
    await expect(page.getByTestId("service-table").locator("tbody tr").first()).toHaveAttribute(
      "data-testid",
      "row-web",
    );
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  } finally {
    docker("start", "opsdeck-e2e-web");
  }
  await expect(page.getByTestId("row-web")).toHaveAttribute("data-state", "up", { timeout: 20_000 });
});

test("a lost stream is shown, reconnects by itself and resumes from a fresh snapshot", async ({ page }) => {
  // Keep a handle on the page's EventSource so the test can drop it like a failed proxy would.
  await page.addInitScript(() => {
    const Native = window.EventSource;
    const open: EventSource[] = [];
    (window as unknown as { __dropStream: () => void }).__dropStream = () => {
      for (const es of open.splice(0)) {
        es.close();
        es.dispatchEvent(new Event("error"));
      }
    };
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        open.push(this);
      }
    };
  });
  await signIn(page);
  await bothUp(page);
  const state = page.getByTestId("stream-state");
  await expect(state).toHaveAttribute("data-connection", "open");

  // While the stream is refused, the page says so and keeps the last known states.
  let refuse = true;
  await page.route("**/api/v1/stream", (route) =>
    refuse ? route.fulfill({ status: 503, body: "unavailable" }) : route.continue(),
  );
  await page.evaluate(() => (window as unknown as { __dropStream: () => void }).__dropStream());
  await expect(state).toHaveAttribute("data-connection", "error");
  await expect(state).toContainText("Disconnected");
  // api, not web: each restart counts towards the docker check's restart limit, and the other
  // specs restart web.
  docker("stop", "-t", "0", "opsdeck-e2e-api");
  try {
    // The change happens while disconnected: only a fresh snapshot can bring it.
    await page.waitForTimeout(2_500);
    await expect(page.getByTestId("service-api")).toHaveAttribute("data-state", "up");
    refuse = false;
    await expect(state).toHaveAttribute("data-connection", "open", { timeout: 20_000 });
    await expect(page.getByTestId("service-api")).toHaveAttribute("data-state", "down");
  } finally {
    docker("start", "opsdeck-e2e-api");
  }
  await expect(page.getByTestId("service-api")).toHaveAttribute("data-state", "up", { timeout: 20_000 });
});
