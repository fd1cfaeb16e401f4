import type { ImportCatalog, ImportService } from "./catalog";

/** Command-line words as options and positionals, and the service a name in them means. */
export interface ParsedArgs {
  positional: string[];
  options: Map<string, string>;
  /** Everything from the first positional on (for exec/run: the service and its command). */
  tail: string[];
}

/** Options and positionals; for `exec`-like commands, parsing stops at the first positional. */
export function parseArgs(args: string[], valued: string[], stopAtFirst = false): ParsedArgs {
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "...") continue;
    if (a === "--") {
      positional.push(...args.slice(i + 1));
      return { positional, options, tail: args.slice(i + 1) };
    }
    if (a.startsWith("-") && a.length > 1) {
      const eq = a.indexOf("=");
      if (eq > 0) options.set(a.slice(0, eq), a.slice(eq + 1));
      else if (valued.includes(a)) options.set(a, args[++i] ?? "");
      else options.set(a, "");
      continue;
    }
    if (stopAtFirst) return { positional: [a], options, tail: args.slice(i) };
    positional.push(a);
  }
  return { positional, options, tail: positional };
}

export function findService(catalog: ImportCatalog, rawName: string): ImportService | undefined {
  const name = rawName.toLowerCase().replace(/^\//, "");
  if (!name || /[<>[\]{}]/.test(name)) return undefined;
  const exact = catalog.services.find(
    (s) => s.id === name || s.aliases.some((a) => a.toLowerCase() === name),
  );
  if (exact) return exact;
  // `project-worker-1`, `project_worker_1`: compose's container names for the service.
  const bare = name.replace(/[-_]\d+$/, "");
  return catalog.services.find((s) =>
    [s.id, ...s.aliases].some((a) => {
      const alias = a.toLowerCase();
      return bare === alias || bare.endsWith(`-${alias}`) || bare.endsWith(`_${alias}`);
    }),
  );
}

export function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
