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

/**
 * What one run started, stopped newest first: `onStop` registers a stop as each thing starts,
 * `unwind` runs them (a failing stop is logged, the rest still run) and empties the list.
 */
export function stopStack() {
  let stops: (() => Promise<void>)[] = [];
  return {
    onStop: (f: () => Promise<void>) => void stops.push(f),
    async unwind() {
      const list = stops.reverse();
      stops = [];
      for (const f of list) await f().catch((error: unknown) => console.error("clean-up:", error));
    },
  };
}
