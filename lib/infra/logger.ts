import "server-only";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// The one read outside env.ts: logging must work while the environment itself is being validated.
const threshold = ORDER[(process.env.OPSDECK_LOG_LEVEL as Level) ?? "info"] ?? ORDER.info;

/** One JSON object per line on stdout: easy to grep, easy to ship. */
function write(level: Level, msg: string, fields?: Record<string, unknown>) {
  if (ORDER[level] < threshold) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One line that names the cause. Prisma messages open with a blank line and an "Invalid `...`
 * invocation" line, and put the cause on the last line.
 */
export function shortErrorMessage(error: unknown): string {
  const lines = errorMessage(error)
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const line = lines[0]?.startsWith("Invalid `") ? lines[lines.length - 1] : lines[0];
  return line ?? "unknown error";
}
