import { expect, test } from "@playwright/test";
import { signInAs } from "./support/users";

/**
 * Maintenance in the browser: an operator starts a window now for the API, the map shows the
 * node in maintenance, the operator ends it and the node shows its real state again; the audit
 * page shows the creation and the end. A viewer sees the window without the controls.
 */
test.describe.configure({ mode: "serial" });

const TITLE = `API deploy ${Date.now().toString(36)}`;

test("an operator starts a window now, the map shows maintenance, ending it restores the real state", async ({
  page,
  browser,
}) => {
  await signInAs(page, "operator");
  await page.goto("/map");
  await expect(page.getByTestId("service-api")).toHaveAttribute("data-state", "up", { timeout: 20_000 });

  await page.goto("/maintenance");
  await page.getByTestId("maintenance-open").click();
  const form = page.getByRole("form", { name: "Plan maintenance" });
  await form.getByLabel(/^Title/).fill(TITLE);
  await form.getByLabel(/^Description/).fill("Deploys may briefly fail.");
  await form.getByLabel(/^Internal notes/).fill("rollback with make rollback");
  await form.getByLabel("Services").selectOption(["api"]);
  await form.getByLabel("Ends").selectOption("ended");
  await form.getByRole("button", { name: "Plan maintenance" }).click();
  const active = page.getByRole("list", { name: "In progress" });
  await expect(active.getByTestId("maintenance-window").filter({ hasText: TITLE })).toContainText(
    "until ended",
  );
  await expect(active).toContainText("Internal: rollback with make rollback");

  await page.goto("/map");
  await expect(page.getByTestId("service-api")).toHaveAttribute("data-state", "maintenance", {
    timeout: 10_000,
  });
  await page.goto("/services/api");
  await expect(page.getByTestId("service-maintenance")).toContainText(`In maintenance: ${TITLE} until ended`);

  // A viewer sees the window, and its end button disabled.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await signInAs(viewer, "viewer");
  await viewer.goto("/maintenance");
  await expect(
    viewer.getByText("You need the operator role to plan, end or cancel maintenance."),
  ).toBeVisible();
  await expect(viewer.getByRole("button", { name: `End ${TITLE} now` })).toBeDisabled();
  await expect(viewer.getByTestId("maintenance-open")).toHaveCount(0);
  await viewerContext.close();

  await page.goto("/maintenance");
  await page.getByRole("button", { name: `End ${TITLE} now` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "End now" }).click();
  await expect(page.getByRole("list", { name: "Recent" }).filter({ hasText: TITLE })).toBeVisible();
  await expect(page.getByRole("list", { name: "In progress" })).toHaveCount(0);

  await page.goto("/map");
  await expect(page.getByTestId("service-api")).toHaveAttribute("data-state", "up", { timeout: 10_000 });
});

test("the audit page shows the window's creation and its end", async ({ page }) => {
  await signInAs(page, "operator");
  for (const action of ["maintenance.create", "maintenance.end"]) {
    await page.goto(`/audit?action=${action}&outcome=succeeded`);
    const row = page
      .locator('[data-testid="audit-row"][data-outcome="succeeded"]')
      .filter({ hasText: "operator@e2e.test" })
      .first();
    await expect(row).toContainText(action);
  }
  await page.goto("/audit?action=maintenance.create&outcome=succeeded");
  await expect(page.locator('[data-testid="audit-row"]').first()).toContainText(TITLE);
  // The window's own start and end are audited too, by the system named after it.
  await page.goto("/audit?action=maintenance.ended");
  await expect(page.locator('[data-testid="audit-row"]').first()).toContainText(`maintenance: ${TITLE}`);
});
