/**
 * The one owner of the process-wide objects (database, audit writer, monitor, action service,
 * rate limiter, samplers): each is made once, on first use, and they are stopped in the reverse
 * order of their making, so nothing outlives what it depends on. Kept under a global symbol so
 * every copy of this module (Next bundles server code more than once) sees the same registry.
 */

interface Entry {
  value: unknown;
  stop?: () => void | Promise<void>;
  /** Later stages stop later: what others write through (the audit writer, the database). */
  stage: number;
  made: number;
}

/** Stop stages of what others depend on; everything else is stage 0. */
export const STOP_LATE = { audit: 8, database: 9 } as const;
let madeCount = 0;

const KEY = Symbol.for("opsdeck.process-registry");
const holder = globalThis as Record<symbol, Map<string, Entry> | undefined>;

function registry(): Map<string, Entry> {
  return (holder[KEY] ??= new Map());
}

/** The process's one `name`, made by `create` the first time it is asked for. */
export function processSingleton<T>(
  name: string,
  create: () => T,
  stop?: (value: T) => void | Promise<void>,
  stage = 0,
): T {
  const entries = registry();
  const found = entries.get(name);
  if (found) return found.value as T;
  const value = create();
  entries.set(name, { value, stop: stop && (() => stop(value)), stage, made: madeCount++ });
  return value;
}

/** Whether `name` has been made (tests and shutdown). */
export function hasProcessSingleton(name: string): boolean {
  return registry().has(name);
}

/**
 * Stops everything made so far: by stage (the database last), newest first within a stage. A
 * stop that makes something anew (a final flush opening the database) is stopped in a later pass.
 * Each stop's failure is reported, not fatal.
 */
export async function stopProcessSingletons(onError?: (name: string, error: unknown) => void): Promise<void> {
  const entries = registry();
  for (let pass = 0; pass < 3 && entries.size > 0; pass++) {
    const ordered = [...entries.entries()].sort(([, a], [, b]) => a.stage - b.stage || b.made - a.made);
    for (const [name, entry] of ordered) {
      entries.delete(name);
      try {
        await entry.stop?.();
      } catch (error) {
        onError?.(name, error);
      }
    }
  }
}

/**
 * The console's server (scripts/server.mjs, plain JavaScript) stops these on SIGTERM through
 * this global symbol before it exits, so queued writes are flushed and the database closed.
 */
(globalThis as Record<symbol, unknown>)[Symbol.for("opsdeck.stop")] = stopProcessSingletons;
