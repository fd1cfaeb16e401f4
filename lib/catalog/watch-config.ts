import "server-only";
import { watch, type FSWatcher } from "node:fs";
import { basename, dirname } from "node:path";
import { loadConfigFile, type ConfigError } from "./load-config";
import type { OpsdeckConfig } from "./schemas";

export interface WatchOptions {
  debounceMs?: number;
  /** The config already loaded at start-up; without it the file is loaded once right away. */
  initial?: OpsdeckConfig;
  /** The file is valid again with the content already in effect (an edit was reverted). */
  onRestored?: () => void;
}

export interface ConfigWatcher {
  /** The last config that loaded without errors (undefined until one does). */
  current(): OpsdeckConfig | undefined;
  stop(): void;
}

/**
 * Reloads `path` when it changes and calls onChange with each good config, onError otherwise
 * (the last good config stays in effect). Watches the directory, not the file: editors save by
 * writing a new file and renaming it over the old one, which would orphan a file watch.
 */
export function watchConfig(
  path: string,
  env: Record<string, string | undefined>,
  onChange: (config: OpsdeckConfig) => void,
  onError: (errors: ConfigError[]) => void,
  options: WatchOptions = {},
): ConfigWatcher {
  const debounceMs = options.debounceMs ?? 200;
  const name = basename(path);
  let lastGood = options.initial;
  let lastText = options.initial ? JSON.stringify(options.initial) : undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let failing = false;

  const reload = async (): Promise<void> => {
    const result = await loadConfigFile(path, env);
    if (stopped) return;
    if (!result.ok) {
      failing = true;
      return onError(result.errors);
    }
    const wasFailing = failing;
    failing = false;
    // Saves that do not change the content (touch, editor backups) are not changes; but a file
    // put back to the content in effect after a bad edit clears the error.
    const text = JSON.stringify(result.config);
    if (text === lastText) {
      if (wasFailing) options.onRestored?.();
      return;
    }
    lastText = text;
    lastGood = result.config;
    onChange(result.config);
  };
  // Reloads run one after another so an older read never overwrites a newer one.
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      running = running.then(reload).catch((error: unknown) => {
        onError([{ file: path, line: 0, column: 0, path: "", message: `reload failed: ${String(error)}` }]);
      });
    }, debounceMs);
  };

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(path), (_event, changed) => {
      if (!changed || changed.toString() === name) schedule();
    });
    watcher.on("error", (error) =>
      onError([{ file: path, line: 0, column: 0, path: "", message: `watch failed: ${error.message}` }]),
    );
  } catch (error) {
    onError([
      {
        file: path,
        line: 0,
        column: 0,
        path: "",
        message: `cannot watch ${dirname(path)}: ${String(error)}`,
      },
    ]);
  }
  if (!options.initial) schedule();

  return {
    current: () => lastGood,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}
