import { createHash, timingSafeEqual } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";

/**
 * Published status pages: files in a folder (they outlive the console's database and process),
 * served from memory with their ETag and a gzip copy made once. No "server-only": the
 * standalone status process (OPSDECK_ROLE=status) serves the same folder with the same code.
 */

/** The folder of the shared stylesheet and script, beside the pages. */
export const ASSETS_DIR = "_assets";
/** The folder of the index of pages (/status/pages). */
export const INDEX_DIR = "_pages";

export interface StoredFile {
  body: Buffer;
  gzip: Buffer;
  etag: string;
  type: string;
}

export interface ManifestPage {
  id: string;
  title: string;
  isDefault: boolean;
  /** A host name of its own (requests for it get this page at `/`). */
  domain?: string;
  /** `salt:sha256(salt + password)` for a protected page; null when public. */
  password: string | null;
}

export interface Manifest {
  version: 1;
  publishedAt: string;
  pages: ManifestPage[];
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".atom": "application/atom+xml; charset=utf-8",
  ".rss": "application/rss+xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
};

export function storedFile(relative: string, body: string | Buffer): StoredFile {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  return {
    body: bytes,
    // Level 6: within a few percent of 9 on these pages, at about half the time per publication.
    gzip: gzipSync(bytes, { level: 6 }),
    etag: `"${createHash("sha256").update(bytes).digest("base64url").slice(0, 27)}"`,
    type: TYPES[path.extname(relative)] ?? "application/octet-stream",
  };
}

export class SnapshotStore {
  private files = new Map<string, StoredFile>();
  private manifestValue: Manifest | null = null;

  manifest(): Manifest | null {
    return this.manifestValue;
  }

  get(relative: string): StoredFile | undefined {
    return this.files.get(relative);
  }

  /** Replaces everything at once: a reader never sees half of one publication and half of the next. */
  replace(files: Map<string, StoredFile>, manifest: Manifest): void {
    this.files = files;
    this.manifestValue = manifest;
  }

  /** Loads what a publisher wrote (at start, or when another process published). */
  async load(dir: string): Promise<boolean> {
    let manifest: Manifest;
    try {
      manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as Manifest;
      if (manifest.version !== 1) return false;
    } catch {
      return false; // nothing published yet (or a folder from an unknown version): keep what we have
    }
    const files = new Map<string, StoredFile>();
    for (const relative of await listFiles(dir))
      if (relative !== "manifest.json")
        files.set(relative, storedFile(relative, await readFile(path.join(dir, relative))));
    this.replace(files, manifest);
    return true;
  }
}

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, relative)));
    else out.push(relative);
  }
  return out;
}

/**
 * Writes a publication into `dir`: a fresh sibling folder renamed into place, so the folder is
 * always one whole publication (a crash mid-write leaves the previous one).
 */
export async function writePublication(
  dir: string,
  files: Map<string, StoredFile>,
  manifest: Manifest,
): Promise<void> {
  const parent = path.dirname(dir);
  const next = path.join(parent, `.${path.basename(dir)}.next-${process.pid}`);
  const old = path.join(parent, `.${path.basename(dir)}.old-${process.pid}`);
  await rm(next, { recursive: true, force: true });
  for (const [relative, file] of files) {
    await mkdir(path.dirname(path.join(next, relative)), { recursive: true });
    await writeFile(path.join(next, relative), file.body);
  }
  await writeFile(path.join(next, "manifest.json"), JSON.stringify(manifest));
  await mkdir(parent, { recursive: true });
  await rm(old, { recursive: true, force: true });
  await rename(dir, old).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
  await rename(next, dir);
  await rm(old, { recursive: true, force: true });
}

export function hashPassword(password: string, salt: string): string {
  return `${salt}:${createHash("sha256").update(`${salt}\u0000${password}`).digest("hex")}`;
}

export function passwordMatches(stored: string, given: string): boolean {
  const [salt] = stored.split(":");
  const a = Buffer.from(hashPassword(given, salt));
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}
