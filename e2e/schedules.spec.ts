import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { signInAs } from "./support/users";

/**
 * Schedules in the browser: an admin finds the nightly backup declared in opsdeck.yml, pauses
 * and resumes it, runs it now, sees the run succeed, downloads the dump it made from the
 * Artifacts page, and the audit log shows the run (with the schedule as the actor) and the download.
 */
test.describe.configure({ mode: "serial" });

test("an admin runs the nightly backup now, downloads the dump, and the audit shows both", async ({
  page,
}) => {
  await signInAs(page, "admin");
  await page.goto("/schedules");
  const row = page.getByTestId("schedule-nightly-backup");
  await expect(row).toContainText("Nightly metadata backup");
  await expect(row).toContainText("0 3 * * *");
  await expect(row).toContainText("Europe/Berlin");
  await expect(row.getByTestId("schedule-next")).not.toHaveText("—");

  await row.getByTestId("schedule-pause").click();
  await row.getByTestId("schedule-pause-reason").fill("database migration tonight");
  await row.getByTestId("schedule-pause-confirm").click();
  await expect(row.getByTestId("schedule-paused")).toContainText("database migration tonight");
  await expect(row.getByTestId("schedule-next")).toHaveText("—");
  await row.getByTestId("schedule-resume").click();
  await expect(row.getByTestId("schedule-paused")).toHaveCount(0);

  await row.getByTestId("schedule-run-now").click();
  await expect(row.getByTestId("schedule-last").getByTestId("schedule-run-status")).toHaveAttribute(
    "data-status",
    "succeeded",
    { timeout: 30_000 },
  );
  await expect(row.getByTestId("schedule-last")).toContainText("manual by admin@e2e.test");

  // The service it acts on shows it too.
  await page.goto("/services/vectors");
  await expect(
    page.getByTestId("service-schedule-nightly-backup").getByTestId("schedule-run-status"),
  ).toHaveAttribute("data-status", "succeeded");

  await page.goto("/artifacts");
  const artifact = page
    .getByTestId("artifact-row")
    .filter({ hasText: /^vectors-/ })
    .first();
  await expect(artifact).toContainText("schedule nightly-backup");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    artifact.getByTestId("artifact-download").click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^vectors-opsdeck_e2e-\d{8}T\d{6}Z\.dump$/);
  const bytes = await readFile((await download.path())!);
  // pg_dump's custom format starts with its magic.
  expect(bytes.subarray(0, 5).toString()).toBe("PGDMP");

  await page.goto("/audit?action=artifact.download&outcome=succeeded");
  await expect(page.locator('[data-testid="audit-row"]').first()).toContainText("admin@e2e.test");
  await page.goto("/audit?action=postgres.backup&outcome=succeeded");
  await expect(page.locator('[data-testid="audit-row"]').first()).toContainText("schedule nightly-backup");
  for (const action of ["schedule.pause", "schedule.resume", "schedule.run-now"]) {
    await page.goto(`/audit?action=${action}&outcome=succeeded`);
    await expect(page.locator('[data-testid="audit-row"]').first()).toContainText("admin@e2e.test");
  }
});

test("an operator may run it but not delete its files; a viewer sees the schedule without controls", async ({
  page,
  browser,
}) => {
  await signInAs(page, "operator");
  await page.goto("/artifacts");
  await expect(page.getByTestId("artifact-row").first()).toBeVisible();
  await expect(page.getByRole("button", { name: /^Delete / })).toHaveCount(0);

  const context = await browser.newContext();
  const viewer = await context.newPage();
  await signInAs(viewer, "viewer");
  await viewer.goto("/schedules");
  await expect(viewer.getByTestId("schedule-nightly-backup")).toContainText("needs schedules.manage");
  await viewer.goto("/artifacts");
  // A dump holds the data: the viewer sees that it exists, not its bytes.
  await expect(viewer.getByTestId("artifact-download")).toHaveCount(0);
  await expect(viewer.getByTestId("artifact-row").first()).toContainText("actions.run.safe");
  await context.close();
});
