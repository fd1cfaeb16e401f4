import { expect, type Page } from "@playwright/test";

/** The accounts of an e2e run: the bootstrap admin from playwright.config.ts, the others from global-setup. */
export const E2E_USERS = {
  admin: { email: "admin@e2e.test", password: "e2e-admin-password-123", role: "admin" },
  operator: { email: "operator@e2e.test", password: "e2e-operator-password-123", role: "operator" },
  viewer: { email: "viewer@e2e.test", password: "e2e-viewer-password-123", role: "viewer" },
} as const;

export type E2ERole = keyof typeof E2E_USERS;

export async function signInAs(page: Page, role: E2ERole) {
  const user = E2E_USERS[role];
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).not.toHaveURL(/\/login/);
}
