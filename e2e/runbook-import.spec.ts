import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { signInAs } from "./support/users";

/**
 * Runbook import in the browser: an operator opens it from the Playbooks page, pastes a small
 * runbook, reads the draft beside it with the stack's restart suggested for its command, and
 * downloads the YAML. A viewer is refused the page.
 */

const RUNBOOK = `# Printer runbook

## Printer stuck

The printer stops taking jobs.

Restart the printer:

\`\`\`bash
docker compose restart printer
\`\`\`

- [ ] The queue drains
- [ ] Tell #ops
`;

test("an operator pastes a runbook, reads the draft beside it and downloads its YAML", async ({ page }) => {
  await signInAs(page, "operator");
  await page.goto("/playbooks");
  await page.getByRole("link", { name: "Import a runbook" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import a runbook" })).toBeVisible();

  await page.getByLabel("Runbook markdown").fill(RUNBOOK);
  const yaml = page.getByLabel("Draft YAML");
  await expect(yaml).toContainText("id: printer-stuck");
  await expect(yaml).toContainText("title: Restart the printer");
  await expect(yaml).toContainText("docker compose restart printer");
  await expect(yaml).toContainText("kind: checklist");
  // The stack's own action for the command, as a step to uncomment.
  await expect(yaml).toContainText("# - { id: restart-the-printer-restart-all, kind: action");
  const suggestions = page.getByRole("list", { name: "Suggestions" });
  await expect(suggestions.getByRole("listitem")).toHaveCount(1);
  await expect(suggestions).toContainText("printer/restart-all");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download YAML" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("printer-stuck.yml");
  const text = await readFile((await download.path())!, "utf8");
  expect(text).toBe(await yaml.textContent());
  expect(text).toMatch(/^ {2}- id: restart-the-printer\n {4}kind: instruction/m);
  expect(text).toContain("\n      docker compose restart printer\n");
  expect(text).toMatch(/items:\n\s+- id: the-queue-drains\n\s+text: The queue drains/);
});

test("a viewer may not open the import page", async ({ page }) => {
  await signInAs(page, "viewer");
  await page.goto("/playbooks");
  await expect(page.getByRole("link", { name: "Import a runbook" })).toHaveCount(0);
  const response = await page.goto("/playbooks/import");
  expect(response?.status()).toBe(403);
});
