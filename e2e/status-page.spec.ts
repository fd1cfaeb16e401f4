import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { apiAs } from "./support/api";
import { docker } from "./support/docker";
import { E2E_PORT } from "./support/ports";
import { signInAs } from "./support/users";

/**
 * The public status page as stakeholders see it (no session): a commander's public update shows
 * within 2 s, maintenance shows ahead of time and while it runs, an outage caused here marks
 * today's bar, it reads well on a phone and a desktop in light and dark (axe: nothing serious),
 * and the protected page refuses a wrong password.
 */
test.describe.configure({ mode: "serial" });

const RUN = Date.now().toString(36);
let operator: APIRequestContext;
let origin = "";

interface Snapshot {
  generatedAt: string;
  overall: { status: string };
  incidents: { id: string; title: string; status: string; impact: string; components: string[] }[];
  maintenance: { title: string; state: string; components: string[] }[];
  components: { id: string; status: string; children?: { id: string; status: string }[] }[];
}

test.beforeAll(async ({ baseURL }) => {
  origin = new URL(baseURL!).origin;
  operator = await apiAs(baseURL!, "operator");
});

test.afterAll(async () => {
  await operator.dispose();
});

async function snapshot(page: Page): Promise<Snapshot> {
  const res = await page.request.get("/status/status/api/status.json");
  expect(res.status()).toBe(200);
  return (await res.json()) as Snapshot;
}

const flat = (s: Snapshot) => s.components.flatMap((c) => [c, ...(c.children ?? [])]);

test("a commander's public update is on the status page within 2 seconds", async ({ page, browser }) => {
  const declared = await operator.post("/api/v1/incidents", {
    data: { title: `INTERNAL printer spool ${RUN} on host-7`, severity: "P3", services: ["printer"] },
    headers: { Origin: origin },
  });
  expect(declared.status(), await declared.text()).toBe(201);
  const { id } = (await declared.json()) as { id: string };

  const stakeholder = await (await browser.newContext()).newPage();
  await stakeholder.goto("/status");
  await expect(stakeholder).toHaveURL(/\/status\/status$/);
  await expect(stakeholder.getByRole("heading", { level: 1 })).toContainText("E2E Status");
  // Declared but not published: nothing of it on the page.
  expect((await snapshot(stakeholder)).incidents.map((i) => i.title)).not.toContain(
    `Printing delayed ${RUN}`,
  );

  await signInAs(page, "operator");
  await page.goto(`/incidents/${id}`);
  await page
    .getByLabel("Public update (for the status page: stakeholders read this)")
    .fill("Printed orders are delayed.");
  await page.getByLabel(/^Public title/).fill(`Printing delayed ${RUN}`);
  await page.getByLabel("Status page shows").selectOption("partial_outage");
  await page.getByRole("button", { name: "Publish the update" }).click();
  const posted = Date.now();
  await expect
    .poll(
      async () => (await snapshot(stakeholder)).incidents.some((i) => i.title === `Printing delayed ${RUN}`),
      {
        timeout: 2_000,
        intervals: [50],
      },
    )
    .toBe(true);
  expect(Date.now() - posted).toBeLessThan(2_000);

  const s = await snapshot(stakeholder);
  expect(s.incidents.find((i) => i.title === `Printing delayed ${RUN}`)).toMatchObject({
    status: "investigating",
    impact: "partial_outage",
    components: ["printing"],
  });
  expect(flat(s).find((c) => c.id === "printing")?.status).toBe("partial_outage");
  await stakeholder.reload();
  const incident = stakeholder.getByRole("article").filter({ hasText: `Printing delayed ${RUN}` });
  await expect(incident).toContainText("Printed orders are delayed.");
  await expect(stakeholder.locator("body")).not.toContainText("INTERNAL printer spool");

  const resolved = await operator.post(`/api/v1/incidents/${id}/commands`, {
    data: { type: "status", status: "resolved" },
    headers: { Origin: origin },
  });
  expect(resolved.status(), await resolved.text()).toBe(200);
  await expect
    .poll(async () => flat(await snapshot(stakeholder)).find((c) => c.id === "printing")?.status, {
      timeout: 5_000,
    })
    .not.toBe("partial_outage");
  await stakeholder.context().close();
});

test("maintenance shows ahead of time and while it runs", async ({ page }) => {
  const plan = async (title: string, start: Date | null, duration: string) => {
    const res = await operator.post("/api/v1/maintenance", {
      data: {
        title,
        description: "Deploys may briefly fail.",
        notes: "INTERNAL rollback runbook",
        services: ["api"],
        ...(start ? { start: start.toISOString() } : {}),
        duration,
      },
      headers: { Origin: origin },
    });
    expect(res.status(), await res.text()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  await plan(`Database upgrade ${RUN}`, new Date(Date.now() + 2 * 3_600_000), "1h");
  const now = await plan(`API deploy ${RUN}`, null, "10m");
  try {
    await expect
      .poll(async () => (await snapshot(page)).maintenance.map((m) => `${m.title}: ${m.state}`), {
        timeout: 5_000,
      })
      .toEqual(
        expect.arrayContaining([`API deploy ${RUN}: in_progress`, `Database upgrade ${RUN}: scheduled`]),
      );
    await expect
      .poll(async () => flat(await snapshot(page)).find((c) => c.id === "public-api")?.status)
      .toBe("under_maintenance");
    await page.goto("/status/status");
    await expect(page.locator("main")).toContainText(`Database upgrade ${RUN}`);
    await expect(page.locator("main")).toContainText(`API deploy ${RUN}`);
    await expect(page.locator("body")).not.toContainText("INTERNAL rollback runbook");
  } finally {
    const ended = await operator.post(`/api/v1/maintenance/${now}/end`, { headers: { Origin: origin } });
    expect(ended.status(), await ended.text()).toBe(200);
  }
});

test("an outage caused here marks today's bar", async ({ page }) => {
  await expect
    .poll(async () => flat(await snapshot(page)).find((c) => c.id === "website")?.status, { timeout: 30_000 })
    .toBe("operational");
  docker("stop", "-t", "0", "opsdeck-e2e-web");
  try {
    await expect
      .poll(async () => flat(await snapshot(page)).find((c) => c.id === "website")?.status, {
        timeout: 15_000,
      })
      .toBe("major_outage");
  } finally {
    docker("start", "opsdeck-e2e-web");
  }
  await expect
    .poll(async () => flat(await snapshot(page)).find((c) => c.id === "website")?.status, { timeout: 30_000 })
    .toBe("operational");
  await page.goto("/status/status");
  const today = page.locator('[data-component="website"] svg rect').last();
  await expect(today).toHaveClass(/st-major_outage/);
  await expect(today.locator("title")).toHaveText(/Major outage/);
});

for (const colorScheme of ["light", "dark"] as const) {
  for (const viewport of [
    { name: "desktop", width: 1280, height: 900 },
    { name: "phone", width: 390, height: 844 },
  ]) {
    test(`reads well on a ${viewport.name} in ${colorScheme} (axe: nothing serious)`, async ({ browser }) => {
      const context = await browser.newContext({
        colorScheme,
        viewport,
        isMobile: viewport.name === "phone",
      });
      const page = await context.newPage();
      await page.goto("/status/status");
      await expect(page.getByRole("heading", { level: 1 })).toContainText("E2E Status");
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
      // Nothing wider than the screen on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({
        path: `e2e/screenshots/status-page-${viewport.name}-${colorScheme}.png`,
        fullPage: true,
      });
      await context.close();
    });
  }
}

test("the index lists the public pages with their status, not the protected one (axe: nothing serious)", async ({
  page,
}) => {
  await page.goto("/status/pages");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Status pages");
  await expect(page.getByRole("link", { name: "E2E Status" })).toHaveAttribute("href", "/status/status");
  await expect(page.locator("main")).not.toContainText("Partner status");
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
});

test("the protected page refuses a wrong password and opens with the right one", async ({ page }) => {
  await page.goto("/status/partners");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This status page is protected");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "View status" }).click();
  await expect(page.getByRole("alert")).toHaveText("That password is not right.");
  await page.getByLabel("Password").fill("partners-e2e-password");
  await page.getByRole("button", { name: "View status" }).click();
  await expect(page).toHaveURL(/\/status\/partners$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Partner status");
});

test("a process of its own (OPSDECK_ROLE=status) serves the pages from the folder and follows each publication", async ({
  page,
}) => {
  const port = E2E_PORT + 7;
  const root = path.resolve(__dirname, "..");
  const child: ChildProcess = spawn(
    process.execPath,
    ["scripts/server.mjs", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: root,
      // Nothing but the folder: no database, no Docker, no Redis, no config.
      env: {
        NODE_ENV: "production",
        PATH: process.env.PATH,
        OPSDECK_ROLE: "status",
        OPSDECK_STATUS_DIR: path.join(root, ".cache/e2e-data/status"),
        OPSDECK_DATA_DIR: path.join(root, ".cache/e2e-status-role"),
        DATABASE_URL: "postgres://nobody@127.0.0.1:1/none",
      },
      stdio: "ignore",
    },
  );
  try {
    const own = `http://127.0.0.1:${port}`;
    await expect
      .poll(async () => (await page.request.get(`${own}/status/status`).catch(() => null))?.status(), {
        timeout: 30_000,
      })
      .toBe(200);
    expect((await page.request.get(`${own}/map`)).status()).toBe(404);

    const declared = await operator.post("/api/v1/incidents", {
      data: { title: `role check ${RUN}`, severity: "P4", services: ["web"] },
      headers: { Origin: origin },
    });
    const { id } = (await declared.json()) as { id: string };
    await operator.post(`/api/v1/incidents/${id}/commands`, {
      data: { type: "public", text: "Checking the status process.", title: `Status process ${RUN}` },
      headers: { Origin: origin },
    });
    await expect
      .poll(
        async () =>
          (await (await page.request.get(`${own}/status/status/api/status.json`)).text()).includes(
            `Status process ${RUN}`,
          ),
        {
          timeout: 3_000,
          intervals: [100],
        },
      )
      .toBe(true);
    await page.goto(`${own}/status/status`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("E2E Status");
    await operator.post(`/api/v1/incidents/${id}/commands`, {
      data: { type: "status", status: "resolved" },
      headers: { Origin: origin },
    });
  } finally {
    child.kill("SIGTERM");
  }
});
