import { expect, test } from "@playwright/test";
import { apiAs } from "./support/api";
import { signInAs } from "./support/users";

/**
 * Incidents in the browser: an operator declares one for the printer, runs it (status, roles,
 * a public update and an internal note), starts a playbook from it, and a viewer follows the
 * same incident live without the controls; the review exports what happened.
 */
test.describe.configure({ mode: "serial" });

let incidentUrl = "";

test("an operator declares an incident and runs it; a viewer follows it live", async ({ page, browser }) => {
  await signInAs(page, "operator");
  await page.goto("/incidents");
  await page.getByTestId("declare-open").click();
  const form = page.getByRole("form", { name: "Declare an incident" });
  await form.getByLabel("What is wrong?").fill("Printer jobs stuck");
  await form.getByLabel("Severity").selectOption("P2");
  await form.getByLabel("Affected services").selectOption(["printer"]);
  await form.getByRole("button", { name: "Declare" }).click();
  await expect(page).toHaveURL(/\/incidents\/[0-9a-f-]{36}$/);
  incidentUrl = page.url();
  await expect(page.getByTestId("incident-status")).toHaveText("investigating");
  await expect(page.getByTestId("incident-commander")).toHaveText("operator@e2e.test");
  await expect(page.getByTestId("target-acknowledge")).toContainText("done");
  await expect(page.getByTestId("target-update")).toContainText(/in \d+ min/);

  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await signInAs(viewer, "viewer");
  await viewer.goto(incidentUrl);
  await expect(viewer.getByRole("button", { name: "Mark identified" })).toHaveCount(0);
  await expect(page.getByTestId("viewers")).toContainText("viewer@e2e.test");

  await page.getByRole("button", { name: "Mark identified" }).click();
  await expect(page.getByTestId("incident-status")).toHaveText("identified");
  await page
    .getByLabel("Public update (for the status page: stakeholders read this)")
    .fill("Printing is delayed; we are on it.");
  await page.getByRole("button", { name: "Publish the update" }).click();
  await page.getByLabel("Internal note (never public)").fill("queue depth keeps rising");
  await page.getByRole("button", { name: "Add the note" }).click();
  await page.getByLabel("Role").selectOption("responder");
  await page.getByLabel("Person (email)").fill("admin@e2e.test");
  await page.getByRole("button", { name: "Set", exact: true }).click();

  // The viewer sees every change arrive without reloading, the public update marked as public.
  await expect(viewer.getByTestId("incident-status")).toHaveText("identified");
  const timeline = viewer.getByTestId("incident-timeline");
  await expect(timeline.locator('[data-kind="public"]')).toContainText("Printing is delayed; we are on it.");
  await expect(timeline.locator('[data-kind="public"]')).toContainText("public");
  await expect(timeline.locator('[data-kind="note"]')).toContainText("queue depth keeps rising");
  await expect(timeline.locator('[data-kind="note"]')).not.toContainText("public");
  await expect(timeline).toContainText("operator@e2e.test added admin@e2e.test as a responder");
  await viewerContext.close();

  // A playbook started from the incident is linked to it, and its steps join the timeline.
  await page.getByRole("combobox", { name: "Playbook" }).selectOption("printer-queue-backlog");
  await page.getByRole("button", { name: "Start it for this incident" }).click();
  await expect(page).toHaveURL(/\/playbooks\/runs\/[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: "Done, next step" }).click();
  await expect(page.getByTestId("step-depth")).toHaveAttribute("data-status", "done");
  await page.goto(incidentUrl);
  await expect(page.getByRole("region", { name: "Playbooks" })).toContainText("Printer queue backing up");
  await expect(page.getByTestId("incident-timeline")).toContainText(
    "Printer queue backing up: operator@e2e.test completed “Look at the queue”",
  );

  await page.getByRole("button", { name: "Mark resolved" }).click();
  await expect(page.getByTestId("incident-status")).toHaveText("resolved");

  // Follow-ups are written and ticked after the resolution.
  const followUps = page.getByRole("region", { name: "Follow-up items" });
  await followUps.getByLabel("Follow-up").fill("Alert on the printer queue at 40");
  await followUps.getByRole("button", { name: "Add" }).click();
  // The box shows what is stored: ticked once the server has taken it.
  await followUps.getByLabel("Alert on the printer queue at 40").click();
  await expect(followUps.getByLabel("Alert on the printer queue at 40")).toBeChecked();
  await expect(followUps).toContainText("done by operator@e2e.test");
});

test("the review exports the incident as markdown and JSON; the list filters it", async ({
  page,
  baseURL,
}) => {
  const id = incidentUrl.split("/").at(-1)!;
  const viewer = await apiAs(baseURL!, "viewer");
  const md = await (await viewer.get(`/api/v1/incidents/${id}/review?format=md`)).text();
  expect(md).toMatch(/^# Incident #\d+: Printer jobs stuck/);
  expect(md).toContain("[public] (public, operator@e2e.test) Printing is delayed; we are on it.");
  expect(md).toMatch(/\| time to resolve \| \d+ (s|min) \|/);
  expect(md).toContain("Printer queue backing up (running, run ");
  expect(md).toContain("- [x] Alert on the printer queue at 40 (done by operator@e2e.test at ");
  const json = (await (await viewer.get(`/api/v1/incidents/${id}/review?format=json`)).json()) as {
    incident: { status: string; services: string[] };
  };
  expect(json.incident).toMatchObject({ status: "resolved", services: ["printer"] });
  await viewer.dispose();

  await signInAs(page, "viewer");
  await page.goto("/incidents?state=resolved&service=printer");
  await expect(page.getByRole("list", { name: "Incidents" })).toContainText("Printer jobs stuck");
  await expect(page.getByTestId("incident-charts")).toContainText("Incidents by severity");
  await page.goto("/incidents?state=open&service=printer");
  await expect(page.getByRole("list", { name: "Incidents" })).toHaveCount(0);
});

test("an incident can be declared from a service page, the map's menu and the palette", async ({
  page,
  browser,
}) => {
  await signInAs(page, "operator");
  const form = page.getByRole("form", { name: "Declare an incident" });

  // From the service page: the form opens with the service chosen.
  await page.goto("/services/printer");
  await page.getByTestId("declare-incident").click();
  await expect(page).toHaveURL(/\/incidents\?declare=1&service=printer$/);
  await expect(form.getByLabel("Affected services")).toHaveValues(["printer"]);
  await form.getByLabel("What is wrong?").fill("Printer smudges pages");
  await form.getByRole("button", { name: "Declare" }).click();
  await expect(page).toHaveURL(/\/incidents\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("region", { name: "Incident", exact: true })).toContainText(
    "Affected: printer",
  );

  // From the map: a node's menu.
  await page.goto("/map");
  await page.getByTestId("service-web").click({ button: "right" });
  await page.getByRole("menuitem", { name: "Declare an incident" }).click();
  await expect(page).toHaveURL(/\/incidents\?declare=1&service=web$/);
  await expect(form.getByLabel("Affected services")).toHaveValues(["web"]);

  // From the palette.
  await page.keyboard.press("Control+k");
  await page.keyboard.type("declare");
  await page.getByRole("option", { name: /^Declare an incident/ }).click();
  await expect(page).toHaveURL(/\/incidents\?declare=1$/);
  await expect(form.getByLabel("What is wrong?")).toBeVisible();

  // A viewer is offered none of it.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await signInAs(viewer, "viewer");
  await viewer.goto("/services/printer");
  await expect(viewer.getByTestId("service-playbooks")).toBeVisible();
  await expect(viewer.getByTestId("declare-incident")).toHaveCount(0);
  await viewerContext.close();
});
