import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/**
 * What the code exposes, read from the code itself: every route handler with its methods (from
 * app/**\/route.ts), every console page (app/(console)/**\/page.tsx) and every server action
 * (the build's server-reference manifest). The access matrix fails on anything not in its table.
 */

const ROOT = path.resolve(__dirname, "../..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];

function walk(dir: string, file: string, prefix = ""): { route: string; file: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      const segment = /^\(.*\)$/.test(name) ? "" : `/${name}`;
      return walk(full, file, prefix + segment);
    }
    return name === file ? [{ route: prefix || "/", file: full }] : [];
  });
}

/** "GET /api/v1/services/[id]", one per exported method of every route.ts. */
export function routeHandlers(): string[] {
  return walk(path.join(ROOT, "app"), "route.ts").flatMap(({ route, file }) => {
    const source = readFileSync(file, "utf8");
    return METHODS.filter(
      (m) =>
        new RegExp(`export\\s+(const|async function|function)\\s+${m}\\b`).test(source) ||
        new RegExp(`export\\s*\\{[^}]*\\bas\\s+${m}\\b`).test(source),
    ).map((m) => `${m} ${route}`);
  });
}

/** "/services/[id]", one per console page. */
export function consolePages(): string[] {
  return walk(path.join(ROOT, "app/(console)"), "page.tsx").map((p) => p.route);
}

export interface ServerActionEntry {
  id: string;
  name: string;
  /** A page that serves it: "app/(console)/settings/users/page" -> "/settings/users". */
  page: string;
}

export function serverActions(): ServerActionEntry[] {
  const manifest = JSON.parse(
    readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { exportedName?: string; workers: Record<string, unknown> | string[] }> };
  return Object.entries(manifest.node).map(([id, meta]) => {
    const worker = (Array.isArray(meta.workers) ? meta.workers : Object.keys(meta.workers))[0];
    const page = worker
      .replace(/^app/, "")
      .replace(/\/page$/, "")
      .replace(/\/\([^)]*\)/g, "");
    return { id, name: meta.exportedName ?? id, page: page || "/" };
  });
}
