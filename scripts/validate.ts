/**
 * Checks an opsdeck.yml offline with exactly the messages the console gives, for editors,
 * pre-commit hooks and CI: errors and warnings as file:line:column, exit 1 on any error.
 *   npm run validate -- path/to/opsdeck.yml        (default: $OPSDECK_CONFIG or opsdeck.yml)
 * `${VAR}` references resolve from this process's environment, as they would in the console.
 */
import { formatConfigError, loadConfigFile } from "@/lib/catalog/load-config";
import { configEnv, env } from "@/lib/infra/env";

async function main(): Promise<number> {
  const file = process.argv[2] ?? env().configPath;
  const result = await loadConfigFile(file, configEnv());
  for (const w of result.warnings) console.error(`warning: ${formatConfigError(w)}`);
  if (!result.ok) {
    for (const e of result.errors) console.error(formatConfigError(e));
    console.error(`${file}: ${result.errors.length} error${result.errors.length === 1 ? "" : "s"}`);
    return 1;
  }
  const { services } = result.config;
  const checks = services.reduce((n, s) => n + s.checks.length, 0);
  const actions = services.reduce((n, s) => n + s.actions.length, 0);
  console.log(
    `${file}: valid (${services.length} services, ${checks} checks, ${actions} actions${result.warnings.length ? `, ${result.warnings.length} warnings` : ""})`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`cannot validate: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
