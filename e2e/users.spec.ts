import { expect, request, test } from "@playwright/test";
import { signInAs } from "./support/users";

/**
 * An admin adds a colleague and a CI token from /settings/users: each secret is shown once, works,
 * and the page says why when a request is refused.
 */

test("an admin creates a user with a generated password, who can then sign in with it", async ({
  page,
  browser,
}) => {
  await signInAs(page, "admin");
  await page.goto("/settings/users");
  const form = page.getByRole("form", { name: "Create a user" });
  const email = `new-${Date.now()}@e2e.test`;
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption("operator");
  await form.getByRole("button", { name: "Create user" }).click();
  const secret = page.getByTestId("secret-once");
  await expect(secret).toContainText(`Password for ${email}`);
  const password = (await secret.locator("code").textContent())!.trim();
  expect(password.length).toBeGreaterThanOrEqual(12);

  const other = await browser.newPage();
  await other.goto("/login");
  await other.getByLabel("Email").fill(email);
  await other.getByLabel("Password").fill(password);
  await other.getByRole("button", { name: /sign in/i }).click();
  await expect(other).toHaveURL(/\/map$/);
  await other.close();

  // A refusal comes back as a sentence, and the form keeps what was typed.
  await form.getByLabel("Email").fill(email);
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "already exists" })).toContainText(
    `a user with the email ${email} already exists`,
  );
  await expect(form.getByLabel("Email")).toHaveValue(email);
});

test("an admin creates an API token whose secret, shown once, works as a bearer token", async ({
  page,
  baseURL,
}) => {
  await signInAs(page, "admin");
  await page.goto("/settings/users");
  const form = page.getByRole("form", { name: "Create an API token" });
  await form.getByLabel("Name").fill(`ui-token-${Date.now()}`);
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByLabel("Expires after (days)").fill("2");
  await form.getByRole("button", { name: "Create token" }).click();
  const secret = (await page.getByTestId("secret-once").locator("code").textContent())!.trim();
  expect(secret).toMatch(/^odk_/);

  const bot = await request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${secret}` } });
  try {
    expect((await bot.get("/api/v1/map")).status()).toBe(200);
    // A viewer token: users are not its business.
    expect((await bot.get("/api/v1/users")).status()).toBe(403);
  } finally {
    await bot.dispose();
  }
});
