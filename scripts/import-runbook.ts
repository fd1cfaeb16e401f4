/**
 * Turns a markdown runbook into draft playbooks offline, exactly as the console's import page does:
 *   npm run import-runbook -- path/to/runbook.md [--config opsdeck.yml] [--out file.yml | --out dir/]
 * The YAML goes to stdout (or --out: a .yml/.yaml file gets every draft in one stream, anything
 * else is a folder that gets one <id>.yml per draft, ready for playbooks/); suggestions and
 * warnings go to stderr. With --config, commands are matched against that stack's checks and
 * actions. Nothing in the runbook is run.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { importRunbook } from "@/lib/runbook-import/import-runbook";
import { loadImportCatalog } from "@/lib/runbook-import/offline-catalog";
import type { ImportCatalog } from "@/lib/runbook-import/catalog";

const USAGE =
  "usage: npm run import-runbook -- path/to/runbook.md [--config opsdeck.yml] [--out file.yml | --out dir/]";

function parseArgs(argv: string[]): { file?: string; config?: string; out?: string; error?: string } {
  const result: { file?: string; config?: string; out?: string; error?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--config" || arg === "--out") {
      const value = argv[++i];
      if (!value) return { error: `${arg} needs a path` };
      result[arg === "--config" ? "config" : "out"] = value;
    } else if (arg === "-h" || arg === "--help") return { error: "" };
    else if (arg.startsWith("-")) return { error: `unknown option ${arg}` };
    else if (result.file) return { error: `one runbook at a time (got ${result.file} and ${arg})` };
    else result.file = arg;
  }
  return result.file ? result : { error: result.error ?? "no runbook given" };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.error !== undefined || !args.file) {
    if (args.error) console.error(`import-runbook: ${args.error}`);
    console.error(USAGE);
    return args.error === "" ? 0 : 2;
  }
  let text: string;
  try {
    text = await readFile(args.file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(
      `import-runbook: ${args.file}: ${code === "ENOENT" ? "no such file" : `cannot read (${code ?? String(error)})`}`,
    );
    return 2;
  }
  let catalog: ImportCatalog | undefined;
  if (args.config) {
    const loaded = await loadImportCatalog(args.config);
    if (!loaded.ok) {
      for (const e of loaded.errors) console.error(e);
      console.error(`import-runbook: ${args.config}: cannot read the config (suggestions need it)`);
      return 2;
    }
    catalog = loaded.catalog;
  }
  const result = importRunbook(text, { catalog, sourceName: path.basename(args.file) });
  await write(result, args.out);
  report(result, !!catalog);
  return 0;
}

async function write(result: ReturnType<typeof importRunbook>, out?: string): Promise<void> {
  if (!out) return void process.stdout.write(result.yaml);
  if (/\.ya?ml$/i.test(out)) {
    await writeFile(out, result.yaml);
    return console.error(`wrote ${result.playbooks.length} draft(s) to ${out}`);
  }
  const dir = out.replace(/[\\/]+$/, "") || out;
  await mkdir(dir, { recursive: true });
  for (const draft of result.playbooks) await writeFile(path.join(dir, `${draft.id}.yml`), draft.yaml);
  console.error(`wrote ${result.playbooks.length} file(s) to ${dir}/ (one playbook each)`);
}

function report(result: ReturnType<typeof importRunbook>, matched: boolean): void {
  const steps = result.playbooks.reduce((n, p) => n + p.playbook.steps.length, 0);
  console.error(
    `${result.title}: ${result.lines} lines, ${result.playbooks.length} draft playbook(s), ${steps} steps`,
  );
  for (const s of result.suggestions) {
    if (s.type === "step")
      console.error(
        `  suggest  ${s.draftId}/${s.stepId}: ${s.kind} ${s.service}/${s.target} (${s.confidence}; line ${s.line})`,
      );
    else
      console.error(
        `  condition ${s.draftId}: ${s.metric}${s.warn ? ` warn ${s.warn}` : ""}${s.critical ? ` critical ${s.critical}` : ""}${s.trigger ? ` -> trigger ${s.trigger.slice(2)}` : ""} (line ${s.line})`,
      );
  }
  if (!matched) console.error("  (no --config: commands were not matched to checks or actions)");
  for (const w of result.warnings) console.error(`warning: ${w.line ? `line ${w.line}: ` : ""}${w.message}`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`import-runbook: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
