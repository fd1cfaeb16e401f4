import { expect, test } from "@playwright/test";
import { apiAs } from "./support/api";
import { signInAs } from "./support/users";

/**
 * Playbooks in the browser, from e2e/fixtures/playbooks/: the list and its search, a playbook's
 * page, and a run an operator walks through (instruction, check, the real restart of the printer
 * container, a wait on the live map, a checklist that needs a link) while an admin follows the
 * same run live in another browser.
 */
test.describe.configure({ mode: "serial" });

const PRINTER = "opsdeck-e2e-printer";

test("a viewer finds playbooks by search, reads one, and sees why another cannot run", async ({ page }) => {
  await signInAs(page, "viewer");
  await page.goto("/playbooks");
  const list = page.getByRole("list", { name: "Playbooks" });
  await expect(list.getByRole("listitem")).toHaveCount(3);
  await page.getByRole("searchbox").fill("printer p3");
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(list).toContainText("Printer queue backing up");
  await expect(list).not.toContainText("cannot run");
  await page.getByRole("searchbox").fill("rollback");
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(list).toContainText("cannot run: 1 problem(s)");

  await page.getByRole("link", { name: "Roll back a web deploy" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Roll back a web deploy" })).toBeVisible();
  await expect(page.getByText(/service "web" has no action "rolback"/)).toBeVisible();

  await page.goto("/playbooks/printer-queue-backlog");
  const steps = page.getByRole("list", { name: "Steps" });
  await expect(steps.locator(":scope > li")).toHaveCount(5);
  await expect(steps.getByLabel("bash command")).toContainText("docker compose exec printer cat /tmp/depth");
  await expect(steps.getByRole("link", { name: "https://wiki.example.com/printer" })).toHaveAttribute(
    "href",
    "https://wiki.example.com/printer",
  );
  // A viewer follows runs but does not start them.
  await expect(page.getByRole("button", { name: "Start a run" })).toHaveCount(0);
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await palette.getByRole("combobox").fill("printer");
  await expect(palette.getByRole("option", { name: /^Printer/ }).first()).toBeVisible();
  await expect(palette.getByRole("group", { name: "Start a playbook" })).toHaveCount(0);
  await page.keyboard.press("Escape");

  // The service's page lists the playbooks about it.
  await page.goto("/services/printer");
  await expect(page.getByTestId("service-playbooks")).toContainText("Printer queue backing up");
});

test("an operator runs the playbook to the end while an admin follows it live", async ({
  page,
  browser,
  baseURL,
}) => {
  const since = new Date().toISOString();
  await signInAs(page, "operator");
  // From anywhere: the palette lists the playbooks an operator may start, suggested ones marked.
  await page.goto("/");
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await palette.getByRole("combobox").fill("printer queue");
  await expect(palette.getByRole("group", { name: "Start a playbook" })).toContainText(
    "Printer queue backing up",
  );
  await palette.getByRole("option", { name: /Printer queue backing up/ }).click();
  await expect(page).toHaveURL(/\/playbooks\/printer-queue-backlog#start$/);
  await page.getByRole("combobox", { name: "Service" }).selectOption("printer");
  await page.getByRole("button", { name: "Start a run" }).click();
  await expect(page).toHaveURL(/\/playbooks\/runs\/[0-9a-f-]{36}$/);
  const runUrl = page.url();

  const adminContext = await browser.newContext();
  const follower = await adminContext.newPage();
  await signInAs(follower, "admin");
  await follower.goto(runUrl);
  await expect(follower.getByTestId("playbook-run-status")).toHaveText("running");
  // Each sees who else has the run open.
  await expect(follower.getByTestId("viewers")).toContainText("operator@e2e.test");
  await expect(page.getByTestId("viewers")).toContainText("admin@e2e.test");

  await expect(page.getByTestId("step-look")).toHaveAttribute("data-status", "active");
  await page.getByRole("button", { name: "Done, next step" }).click();

  // The check runs on its own and shows its value.
  await expect(page.getByTestId("step-depth")).toHaveAttribute("data-status", "done");
  await expect(page.getByTestId("step-depth-result")).toContainText(/queue_depth \d+/);

  // The restart is the service page's own action form, run through the playbook.
  const restart = page.getByTestId("step-restart");
  await restart.getByLabel("Container", { exact: true }).selectOption(PRINTER);
  await restart.getByLabel("Seconds to wait before killing").fill("1");
  await restart.getByRole("button", { name: `Restart container: ${PRINTER}` }).click();
  await expect(restart).toHaveAttribute("data-status", "done", { timeout: 30_000 });
  await expect(page.getByTestId("step-restart-result")).toContainText("succeeded");

  // The wait starts by itself (auto) and holds once the queue is below 50.
  await expect(page.getByTestId("step-drained")).toHaveAttribute("data-status", "done", { timeout: 30_000 });

  // The follower saw the run move without reloading.
  await expect(follower.getByTestId("step-drained")).toHaveAttribute("data-status", "done");

  const verify = page.getByTestId("step-verify");
  await verify.getByLabel("New jobs print within a minute").check();
  const ticket = verify.getByLabel("Link the ticket");
  await expect(ticket).toBeDisabled();
  await verify.getByRole("textbox", { name: "ticket URL" }).fill("https://tickets.example.com/OPS-1");
  await ticket.check();
  await expect(page.getByTestId("playbook-run-status")).toHaveText("completed");
  await expect(follower.getByTestId("playbook-run-status")).toHaveText("completed");
  await expect(follower.getByTestId("run-timeline")).toContainText(
    "ticked “Link the ticket”: https://tickets.example.com/OPS-1",
  );
  await adminContext.close();

  // Every step is in the audit log: the person's commands and the restart itself.
  const runId = runUrl.split("/").at(-1)!;
  const admin = await apiAs(baseURL!, "admin");
  const res = await admin.get(`/api/v1/audit/export?format=jsonl&from=${encodeURIComponent(since)}`);
  const events = (await res.text())
    .trim()
    .split("\n")
    .map(
      (line) => JSON.parse(line) as { action: string; outcome: string; actorName: string; target: string },
    );
  const mine = events.filter((e) => e.actorName === "operator@e2e.test");
  expect(mine.some((e) => e.action === "playbook.run.start" && e.outcome === "succeeded")).toBe(true);
  expect(
    mine.some(
      (e) =>
        e.action === "playbook.complete" && e.target === `playbook-run:${runId}` && e.outcome === "succeeded",
    ),
  ).toBe(true);
  expect(mine.some((e) => e.action === "container.restart" && e.outcome === "succeeded")).toBe(true);
  expect(events.some((e) => e.action === "playbook.step.check" && e.target === `playbook-run:${runId}`)).toBe(
    true,
  );
  await admin.dispose();
});
