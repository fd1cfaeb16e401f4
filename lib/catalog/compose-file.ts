import { readFile } from "node:fs/promises";
import { parse } from "yaml";

/** What discovery needs from a compose file: its services and their depends_on. */
export interface ComposeFileInfo {
  services: string[];
  /** service -> the services it depends on (list and map forms of depends_on). */
  dependsOn: Record<string, string[]>;
}

/** Parses compose YAML text; throws on YAML syntax errors (the caller turns them into warnings). */
export function parseComposeFile(text: string): ComposeFileInfo {
  const doc: unknown = parse(text, { maxAliasCount: 100 });
  const info: ComposeFileInfo = { services: [], dependsOn: {} };
  const services = isRecord(doc) && isRecord(doc.services) ? doc.services : {};
  for (const [name, definition] of Object.entries(services)) {
    info.services.push(name);
    const raw = isRecord(definition) ? definition.depends_on : undefined;
    if (Array.isArray(raw)) info.dependsOn[name] = raw.filter((d): d is string => typeof d === "string");
    else if (isRecord(raw)) info.dependsOn[name] = Object.keys(raw);
  }
  return info;
}

/**
 * Reads and merges compose files in order (later files add to earlier ones, like `-f a -f b`).
 * Missing or broken files become warnings: discovery carries on with what it has.
 */
export async function readComposeFiles(
  paths: readonly string[],
): Promise<{ info: ComposeFileInfo; warnings: string[] }> {
  const info: ComposeFileInfo = { services: [], dependsOn: {} };
  const warnings: string[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      warnings.push(
        `compose file ${path}: ${code === "ENOENT" ? "not found" : `cannot read (${code ?? String(error)})`}`,
      );
      continue;
    }
    try {
      mergeInto(info, parseComposeFile(text));
    } catch (error) {
      warnings.push(
        `compose file ${path}: invalid YAML (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`,
      );
    }
  }
  return { info, warnings };
}

/** The label `com.docker.compose.project.config_files` is a comma-separated list of paths. */
export function configFilesFromLabel(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
}

function mergeInto(target: ComposeFileInfo, source: ComposeFileInfo): void {
  for (const name of source.services) if (!target.services.includes(name)) target.services.push(name);
  for (const [name, deps] of Object.entries(source.dependsOn)) {
    target.dependsOn[name] = [...new Set([...(target.dependsOn[name] ?? []), ...deps])];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
