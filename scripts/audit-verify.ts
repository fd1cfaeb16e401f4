/**
 * Verifies the audit log's hash chain from the command line; exits 1 and names the first
 * broken record when it does not verify. Uses the same database settings as the console:
 *   DATABASE_URL=postgres://... npm run audit:verify      (or the embedded database in .data)
 */
import { getDb } from "@/lib/infra/db";
import { verifyChain } from "@/lib/audit/verify";
import { env } from "@/lib/infra/env";

async function main() {
  const result = await verifyChain(await getDb(), { pgUrl: env().DATABASE_URL });
  if (result.ok) {
    console.log(`audit chain intact: ${result.checked} records verified in ${result.ms} ms`);
    process.exit(0);
  }
  console.error(
    `audit chain BROKEN at record ${result.firstBroken?.seq}: ${result.firstBroken?.reason} ` +
      `(${result.checked} records before it verified)`,
  );
  process.exit(1);
}

main().catch((error) => {
  console.error(
    `audit verification could not run: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(2);
});
