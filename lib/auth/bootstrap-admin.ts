import "server-only";
import { getDb } from "@/lib/infra/db";
import { env } from "@/lib/infra/env";
import { log } from "@/lib/infra/logger";
import { generatePassword, hashPassword } from "./password";

/**
 * First start: create an admin. The password comes from OPSDECK_ADMIN_PASSWORD or is generated
 * and printed once to the console log (it is never stored in clear).
 */
export async function ensureAdmin(): Promise<void> {
  const db = await getDb();
  if ((await db.user.count()) > 0) return;
  const { OPSDECK_ADMIN_EMAIL: email, OPSDECK_ADMIN_PASSWORD: given } = env();
  const password = given ?? generatePassword();
  await db.user.create({
    data: { email, name: "Administrator", role: "admin", passwordHash: await hashPassword(password) },
  });
  if (given) {
    log.info("created the first admin from OPSDECK_ADMIN_PASSWORD", { email });
  } else {
    // Printed outside the JSON log on purpose: it must be readable once, by a person.
    process.stdout.write(
      `\n  Opsdeck created the first admin account.\n    email:    ${email}\n    password: ${password}\n  It is shown only this once; change it after signing in.\n\n`,
    );
  }
}
