import "server-only";
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  writeSync,
  existsSync,
  readFileSync,
  renameSync,
} from "node:fs";
import path from "node:path";

/**
 * The local, append-only, fsync'd journal that keeps audit events while the database is
 * unreachable. One JSON object per line. Entries carry their eventId, so moving them into the
 * database is exactly-once even if the process dies between the commit and the truncate.
 */
export interface JournalEntry {
  eventId: string;
  at: string;
  [key: string]: unknown;
}

export class AuditJournal {
  constructor(readonly file: string) {}

  /** Appends and fsyncs; throws if the file cannot be written (then the action must not run). */
  append(entries: readonly JournalEntry[]): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const fd = openSync(this.file, "a", 0o600);
    try {
      const data = Buffer.from(entries.map((e) => JSON.stringify(e) + "\n").join(""));
      let offset = 0;
      while (offset < data.length) offset += writeSync(fd, data, offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.fsyncDir();
  }

  /** Every complete entry in order. A torn last line (crash mid-write) is ignored: it was never acknowledged. */
  read(): JournalEntry[] {
    if (!existsSync(this.file)) return [];
    const lines = readFileSync(this.file, "utf8").split("\n");
    const entries: JournalEntry[] = [];
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        entries.push(JSON.parse(line) as JournalEntry);
      } catch {
        // Only the last line can be torn; anything parseable before it is kept.
      }
    }
    return entries;
  }

  isEmpty(): boolean {
    return this.read().length === 0;
  }

  /** Called after the entries are committed to the database: an atomic swap to an empty file. */
  clear(): void {
    if (!existsSync(this.file)) return;
    const tmp = `${this.file}.empty`;
    const fd = openSync(tmp, "w", 0o600);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.file);
    this.fsyncDir();
  }

  private fsyncDir(): void {
    try {
      const fd = openSync(path.dirname(this.file), "r");
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      // Some filesystems refuse fsync on directories; the file's own fsync still holds.
    }
  }
}
