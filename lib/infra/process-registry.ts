/**
 * The one owner of the process-wide objects (database, audit writer, monitor, action service,
 * rate limiter, samplers): each is made once, on first use, and they are stopped in the reverse
 * order of their making, so nothing outlives what it depends on. Kept under a global symbol so
 * every copy of this module (Next bundles server code more than once) sees the same registry.
 */

interface Entry {
  value: unknown;
  stop?: () => void | Promise<void>;
}

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
): T {
  const entries = registry();
  const found = entries.get(name);
  if (found) return found.value as T;
  const value = create();
  entries.set(name, { value, stop: stop && (() => stop(value)) });
  return value;
}

/** Whether `name` has been made (tests and shutdown). */
export function hasProcessSingleton(name: string): boolean {
  return registry().has(name);
}

/** Stops everything made so far, newest first; each stop's failure is reported, not fatal. */
export async function stopProcessSingletons(onError?: (name: string, error: unknown) => void): Promise<void> {
  const entries = [...registry().entries()].reverse();
  registry().clear();
  for (const [name, entry] of entries) {
    try {
      await entry.stop?.();
    } catch (error) {
      onError?.(name, error);
    }
  }
}

/**
 * The console's server (scripts/server.mjs, plain JavaScript) stops these on SIGTERM through
 * this global symbol before it exits, so queued writes are flushed and the database closed.
 */
(globalThis as Record<symbol, unknown>)[Symbol.for("opsdeck.stop")] = stopProcessSingletons;
