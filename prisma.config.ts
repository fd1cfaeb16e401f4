import { defineConfig } from "prisma/config";

// Only the CLI reads this file (generate); the app builds its own adapter in lib/infra/db.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
