import { spawn } from "node:child_process";

/**
 * lib/ modules import "server-only", which throws unless Node resolves with the `react-server`
 * condition (as `npm run audit:verify` runs). A bench that imports them in-process re-runs
 * itself once with the condition; the parent only mirrors the child's exit code.
 * Returns true in the parent (which must then do nothing else), false in the child.
 */
export function rerunWithReactServer(): boolean {
  if (process.execArgv.some((a) => /^(--conditions|-C)[= ]?react-server$/.test(a))) return false;
  const child = spawn(
    process.execPath,
    [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)],
    { stdio: "inherit" },
  );
  // Ctrl-C reaches the child through the terminal's process group; it cleans up, then exits.
  process.on("SIGINT", () => undefined);
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  child.once("error", (error) => {
    console.error(error);
    process.exit(2);
  });
  child.once("exit", (code, signal) => process.exit(code ?? (signal ? 2 : 0)));
  return true;
}
