import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { QDRANT_PORT } from "./support/ports";
import { signInAs } from "./support/users";

/**
 * A Qdrant snapshot, taken and downloaded from the browser: the file that reaches the user is
 * byte-identical to the one Qdrant (the contract stand-in) serves, checked against its checksum.
 */
test("an operator snapshots a collection and downloads the snapshot byte for byte", async ({ page }) => {
  await signInAs(page, "operator");
  await page.goto("/services/vectors");
  const actions = page.getByRole("region", { name: "Actions" });

  await actions.getByRole("button", { name: "Snapshot docs", exact: true }).click();
  let dialog = page.getByRole("dialog", { name: "Snapshot docs" });
  await dialog.getByTestId("action-submit").click();
  await expect(dialog.getByTestId("run-view")).toHaveAttribute("data-status", "succeeded", {
    timeout: 30_000,
  });
  const created = JSON.parse((await dialog.getByTestId("run-result").textContent()) ?? "{}") as {
    name: string;
  };
  expect(created.name).toMatch(/^docs-.*\.snapshot$/);
  await page.keyboard.press("Escape");

  await actions.getByRole("button", { name: "Download a docs snapshot", exact: true }).click();
  dialog = page.getByRole("dialog", { name: "Download a docs snapshot" });
  await dialog.getByLabel("Snapshot to download").fill(created.name);
  await dialog.getByTestId("action-submit").click();
  await expect(dialog.getByTestId("run-view")).toHaveAttribute("data-status", "succeeded", {
    timeout: 30_000,
  });

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    dialog.getByTestId("run-download").click(),
  ]);
  const bytes = await readFile((await download.path())!);
  const listed = (await (
    await fetch(`http://127.0.0.1:${QDRANT_PORT}/collections/docs/snapshots`)
  ).json()) as {
    result: { name: string; size: number; checksum: string }[];
  };
  const snapshot = listed.result.find((s) => s.name === created.name)!;
  expect(bytes.length).toBe(snapshot.size);
  expect(createHash("sha256").update(bytes).digest("hex")).toBe(snapshot.checksum);
});
