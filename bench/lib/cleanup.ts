/**
 * Runs `cleanup` once, on normal completion, on an error, or on Ctrl-C/SIGTERM, so an
 * interrupted benchmark does not leave a console, a target server or containers behind.
 */
export async function withCleanup(run: () => Promise<void>, cleanup: () => Promise<void>): Promise<void> {
  let done: Promise<void> | undefined;
  const once = () => (done ??= cleanup().catch((error) => console.error("clean-up failed:", error)));
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: cleaning up`);
    void once().then(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await run();
  } finally {
    await once();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
