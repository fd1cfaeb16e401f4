import { defineConfig } from "@playwright/test";
import path from "node:path";
import { E2E_PORT as PORT, QDRANT_PORT } from "./e2e/support/ports";

const root = __dirname;
export const E2E_DATABASE = "opsdeck_e2e";
const dbUrl = process.env.TEST_DATABASE_URL ? new URL(process.env.TEST_DATABASE_URL) : null;
if (dbUrl) dbUrl.pathname = `/${E2E_DATABASE}`;

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: path.join(root, ".cache/reports/e2e.json") }]],
  globalSetup: "./e2e/global-setup.ts",
  globalTeardown: "./e2e/global-teardown.ts",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--headless=new",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    },
    trace: "retain-on-failure",
  },
  webServer: {
    // Started with node directly: killing npx would orphan the server.
    command: `node e2e/prepare-db.mjs && exec node scripts/server.mjs -p ${PORT} -H 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      OPSDECK_CONFIG: path.join(root, "e2e/fixtures/opsdeck.e2e.yml"),
      OPSDECK_DATA_DIR: path.join(root, ".cache/e2e-data"),
      OPSDECK_ADMIN_EMAIL: "admin@e2e.test",
      OPSDECK_ADMIN_PASSWORD: "e2e-admin-password-123",
      NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
      NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
      NEXT_TELEMETRY_DISABLED: "1",
      E2E_QDRANT_URL: `http://127.0.0.1:${QDRANT_PORT}`,
      E2E_BACKUP_DIR: path.join(root, ".cache/e2e-data/backups"),
      ...(dbUrl ? { E2E_BACKUP_DB_URL: dbUrl.toString() } : {}),
      ...(dbUrl ? { DATABASE_URL: dbUrl.toString() } : {}),
      ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
      ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
    },
  },
});
