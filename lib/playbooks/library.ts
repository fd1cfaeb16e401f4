import { watch, type FSWatcher } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { formatConfigError, type ConfigError } from "@/lib/catalog/load-config";
import { parsePlaybook } from "./load-playbook";
import type { PlaybookTargets } from "./references";
import type { PlaybookConfig } from "./schemas";

/** One playbook in effect: the last version of its file that loaded. */
export interface LoadedPlaybook {
  file: string;
  playbook: PlaybookConfig;
  /** What in it does not match the stack now (unknown service, action...); empty when runnable. */
  problems: string[];
}

export interface LibraryView {
  dir: string;
  playbooks: LoadedPlaybook[];
  /** File errors (syntax, model, duplicate ids); the file's last good version stays in effect. */
  errors: string[];
  loadedAt?: string;
}

interface FileState {
  /** Text of the last version that loaded, and what it loaded as. */
  good?: { text: string; playbook: PlaybookConfig };
  errors: ConfigError[];
}

const PLAYBOOK_FILE = /\.ya?ml$/i;

/**
 * The playbooks/ folder beside opsdeck.yml: every *.yml file in it is one playbook, read with
 * opsdeck.yml's parser and reloaded when the folder changes. A file that stops loading keeps its
 * last good version in effect (as opsdeck.yml does) and its errors are reported; a deleted file's
 * playbook is gone. Checks against the stack (services, checks, actions) are made per view, since
 * discovery changes the stack without any file changing.
 */
export class PlaybookLibrary {
  private files = new Map<string, FileState>();
  private loadedAt?: string;
  private timer?: NodeJS.Timeout;
  private watchers: FSWatcher[] = [];
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private cache?: { key: object; version: number; view: LibraryView };
  private version = 0;
  /** Settles when the first load has finished (set by whoever starts the library). */
  ready: Promise<void> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly env: Record<string, string | undefined>,
    private readonly debounceMs = 200,
  ) {}

  /** Loads the folder once and follows its changes. */
  async start(): Promise<void> {
    await this.rescan();
    this.follow();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
  }

  /** Reads every file again (one pass at a time, so an older read never wins). */
  rescan(): Promise<void> {
    this.running = this.running.then(() => this.scan()).catch(() => undefined);
    return this.running;
  }

  /**
   * The playbooks in effect, each checked against `targets` (cached while neither changes);
   * without targets, the files as loaded (what /api/health reports), nothing checked or cached.
   */
  view(targets: PlaybookTargets | null, key: object = {}): LibraryView {
    // Only views checked against a stack are worth keeping (they parse every file again).
    if (targets && this.cache && this.cache.key === key && this.cache.version === this.version)
      return this.cache.view;
    const playbooks: LoadedPlaybook[] = [];
    const errors: string[] = [];
    const seen = new Map<string, string>();
    for (const [file, state] of [...this.files].sort(([a], [b]) => a.localeCompare(b))) {
      errors.push(...state.errors.map(formatConfigError));
      if (!state.good) continue;
      const { playbook, text } = state.good;
      const other = seen.get(playbook.id);
      if (other) {
        errors.push(
          `${file}: playbook id \`${playbook.id}\` is already used by ${other}; this file is ignored`,
        );
        continue;
      }
      seen.set(playbook.id, file);
      const checked = targets ? parsePlaybook(text, file, this.env, targets) : null;
      const problems = checked && !checked.ok ? checked.errors.map(formatConfigError) : [];
      if (!targets) problems.push("the stack is not loaded yet: services, checks and actions are unchecked");
      playbooks.push({ file, playbook, problems });
    }
    const view = { dir: this.dir, playbooks, errors, loadedAt: this.loadedAt };
    if (targets) this.cache = { key, version: this.version, view };
    return view;
  }

  private async scan(): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => PLAYBOOK_FILE.test(n));
    } catch (error) {
      // No folder is no playbooks, not an error: most stacks start without any.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      names = [];
    }
    const next = new Map<string, FileState>();
    for (const name of names) {
      const file = path.join(this.dir, name);
      const before = this.files.get(file);
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT") continue; // removed between the listing and the read
        next.set(file, { good: before?.good, errors: [at(file, `cannot read playbook file (${code})`)] });
        continue;
      }
      if (before?.good?.text === text && before.errors.length === 0) {
        next.set(file, before);
        continue;
      }
      const parsed = parsePlaybook(text, file, this.env);
      next.set(
        file,
        parsed.ok
          ? { good: { text, playbook: parsed.value }, errors: [] }
          : { good: before?.good, errors: parsed.errors },
      );
    }
    if (this.stopped) return;
    this.files = next;
    this.loadedAt = new Date().toISOString();
    this.version++;
  }

  /** Watches the folder, and its parent for the folder being created, removed or renamed. */
  private follow(): void {
    const schedule = () => {
      if (this.stopped) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.rescan().then(() => this.rewatch());
      }, this.debounceMs);
    };
    this.onEvent = schedule;
    this.rewatch();
  }

  private onEvent: () => void = () => undefined;

  private rewatch(): void {
    if (this.stopped) return;
    for (const w of this.watchers) w.close();
    this.watchers = [];
    const name = path.basename(this.dir);
    const add = (dir: string, filter?: (changed: string) => boolean) => {
      try {
        const w = watch(dir, (_event, changed) => {
          if (!filter || !changed || filter(changed.toString())) this.onEvent();
        });
        w.on("error", () => undefined);
        this.watchers.push(w);
      } catch {
        // The folder does not exist (yet): the parent's watch sees it appear.
      }
    };
    add(path.dirname(this.dir), (changed) => changed === name);
    add(this.dir);
  }
}

function at(file: string, message: string): ConfigError {
  return { file, line: 0, column: 0, path: "", message };
}
