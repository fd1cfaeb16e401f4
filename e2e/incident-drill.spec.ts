import { expect, test } from "@playwright/test";
import { apiAs } from "./support/api";
import { docker } from "./support/docker";
import { signInAs } from "./support/users";

/**
 * The incident commander's drill, in two browsers: the printer reports it is not ok; the
 * commander declares a P2, starts the suggested playbook from the incident; the decision's check
 * fails and takes the failure branch; the approval waits for someone else (the commander cannot
 * give it, a viewer cannot, a forged request is refused and audited); a second operator approves
 * in the other browser; restart, wait and verify run with no one between; the incident is
 * resolved and its review lists all of it in order.
 */
test.describe.configure({ mode: "serial" });

const PRINTER = "opsdeck-e2e-printer";
const breakPrinter = () => docker("exec", PRINTER, "sh", "-c", "echo bad > /tmp/mode");
const mendPrinter = () => docker("exec", PRINTER, "sh", "-c", "echo ok > /tmp/mode");

test("a commander runs an incident with a playbook; a second operator approves in the other browser", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  breakPrinter();
  try {
    await signInAs(page, "operator");
    // The printer's mode check goes down (2 s interval): its playbook is suggested on its page.
    await page.goto("/services/printer");
    await expect(page.getByTestId("service-playbooks")).toContainText("suggested", { timeout: 15_000 });

    await page.goto("/incidents");
    await page.getByTestId("declare-open").click();
    const form = page.getByRole("form", { name: "Declare an incident" });
    await form.getByLabel("What is wrong?").fill("Printer not ok");
    await form.getByLabel("Severity").selectOption("P2");
    await form.getByLabel("Affected services").selectOption(["printer"]);
    await form.getByRole("button", { name: "Declare" }).click();
    await expect(page).toHaveURL(/\/incidents\/[0-9a-f-]{36}$/);
    const incidentUrl = page.url();

    // The suggested playbook comes first and starts for the incident.
    await expect(page.getByRole("combobox", { name: "Playbook" })).toHaveValue("printer-stuck");
    await page.getByRole("button", { name: "Start it for this incident" }).click();
    await expect(page).toHaveURL(/\/playbooks\/runs\/[0-9a-f-]{36}$/);
    const runUrl = page.url();
    const runId = runUrl.split("/").at(-1)!;

    const otherContext = await browser.newContext();
    const other = await otherContext.newPage();
    await signInAs(other, "admin");
    await other.goto(runUrl);
    // Both pages hold the run's live stream: each sees the other.
    await expect(other.getByTestId("viewers")).toContainText("operator@e2e.test");
    await expect(page.getByTestId("viewers")).toContainText("admin@e2e.test");

    await page.getByRole("button", { name: "Done, next step" }).click();
    // The decision's check fails: the failure branch leads to the approval; the pass branch is skipped over.
    await expect(page.getByTestId("step-healthy")).toHaveAttribute("data-status", "done");
    await expect(page.getByTestId("step-healthy")).toContainText("Answer: fail");
    await expect(page.getByTestId("step-approve")).toHaveAttribute("data-status", "active");
    await expect(other.getByTestId("step-approve")).toHaveAttribute("data-status", "active", {
      timeout: 1_500,
    });
    await expect(page.getByTestId("step-approve")).toContainText("someone else must give it");
    await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);

    // Neither the requester nor a viewer can approve, even by a forged request; both are audited.
    const origin = new URL(baseURL!).origin;
    const operatorApi = await apiAs(baseURL!, "operator");
    const own = await operatorApi.post(`/api/v1/playbook-runs/${runId}/commands`, {
      data: { type: "approve", stepId: "approve" },
      headers: { Origin: origin },
    });
    expect(own.status()).toBe(403);
    expect(((await own.json()) as { error: { message: string } }).error.message).toMatch(/someone else must/);
    const viewerApi = await apiAs(baseURL!, "viewer");
    const forged = await viewerApi.post(`/api/v1/playbook-runs/${runId}/commands`, {
      data: { type: "approve", stepId: "approve" },
      headers: { Origin: origin },
    });
    expect(forged.status()).toBe(403);
    await operatorApi.dispose();
    await viewerApi.dispose();

    // The second operator approves; restart, wait and verify run on their own.
    await other.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByTestId("step-approve")).toHaveAttribute("data-status", "done", { timeout: 1_500 });
    await expect(page.getByTestId("step-restart")).toHaveAttribute("data-status", "done", {
      timeout: 30_000,
    });
    await expect(page.getByTestId("step-back")).toHaveAttribute("data-status", "done", { timeout: 30_000 });
    await expect(page.getByTestId("step-verify")).toHaveAttribute("data-status", "done", { timeout: 15_000 });
    await expect(page.getByTestId("playbook-run-status")).toHaveText("completed");
    await expect(other.getByTestId("playbook-run-status")).toHaveText("completed", { timeout: 1_500 });
    await otherContext.close();

    await page.goto(incidentUrl);
    await page.getByRole("button", { name: "Mark resolved" }).click();
    await expect(page.getByTestId("incident-status")).toHaveText("resolved");

    // The audit log has both refusals, with their reasons.
    const admin = await apiAs(baseURL!, "admin");
    const audit = (await (
      await admin.get(
        `/api/v1/audit?action=playbook.approve&target=${encodeURIComponent(`playbook-run:${runId}`)}`,
      )
    ).json()) as { events: { outcome: string; actorName: string; message: string | null }[] };
    const outcomes = audit.events.map((e) => `${e.actorName} ${e.outcome}`);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        "operator@e2e.test started",
        "operator@e2e.test denied",
        "viewer@e2e.test denied",
        "admin@e2e.test succeeded",
      ]),
    );

    // The review lists what happened, in order, with durations.
    const incidentId = incidentUrl.split("/").at(-1)!;
    const md = await (await admin.get(`/api/v1/incidents/${incidentId}/review?format=md`)).text();
    await admin.dispose();
    const order = [
      "declared the incident (P2, printer)",
      "Printer stuck: operator@e2e.test started the run",
      "Printer stuck: “Is the printer ok?” failed",
      "Printer stuck: operator@e2e.test asked for approval",
      "Printer stuck: admin@e2e.test approved",
      "Printer stuck: operator@e2e.test started restart on printer",
      "Printer stuck: “Wait until the printer is ok” held",
      "Printer stuck: “Verify” passed",
      "changed the status from investigating to resolved",
    ];
    const at = order.map((text) => md.indexOf(text));
    expect(
      at.every((i) => i >= 0),
      `${order.filter((_, i) => at[i] < 0).join("; ")} missing from:\n${md}`,
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(md).toMatch(/\| time to resolve \| \d+ (s|min) \|/);
    expect(md).toContain("- Printer stuck (completed, run ");
  } finally {
    mendPrinter();
  }
});
