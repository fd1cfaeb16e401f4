// Starts the monitor once per server process (Node runtime only); OPSDECK_ROLE=web leaves it to a worker.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startConsole } = await import("./lib/startup");
  await startConsole();
}
