import { parseBlocks, type Block } from "./blocks";
import type { ImportCatalog } from "./catalog";
import { buildDraft, type DraftInput } from "./build-draft";
import { outline, type Procedure } from "./outline";
import { refineBlocks } from "./plain-text";
import type {
  DraftPlaybook,
  ImportResult,
  ImportWarning,
  SectionOutcome,
  SourceSpan,
  Suggestion,
} from "./types";

/**
 * A markdown (or pasted plain-text) runbook as draft playbooks, one per procedure, each with its
 * YAML for review. Pure and synchronous: it runs in the browser and offline alike, reads the
 * commands it finds and never runs them, and never throws (the worst input gives one draft that
 * holds the text, and a warning).
 */
export interface ImportOptions {
  /** The stack's services, checks and actions (lib/runbook-import/catalog.ts), for suggestions. */
  catalog?: ImportCatalog;
  /** A file name, for the title when the runbook has none and for the drafts' header. */
  sourceName?: string;
}

/** Larger input is cut here: a runbook is text a person reads, not megabytes. */
export const MAX_INPUT_CHARS = 2_000_000;

export function importRunbook(markdown: string, options: ImportOptions = {}): ImportResult {
  const warnings: ImportWarning[] = [];
  const text = normalize(typeof markdown === "string" ? markdown : "", warnings);
  try {
    return run(text, options, warnings);
  } catch (error) {
    warnings.push({
      message: `the importer stopped on this input (${String(error).slice(0, 200)}): one draft holds the text as it is`,
    });
    const blocks: Block[] = [
      { kind: "paragraph", text: text || "(empty)", line: 1, end: Math.max(1, lines(text)) },
    ];
    return assemble(
      fallbackTitle(options),
      [{ path: [], blocks, line: 1, end: blocks[0].end, headings: [] }],
      [],
      text,
      false,
      options,
      warnings,
      [],
    );
  }
}

function run(text: string, options: ImportOptions, warnings: ImportWarning[]): ImportResult {
  const parsed = parseBlocks(text);
  warnings.push(...parsed.warnings);
  const blocks = refineBlocks(parsed.blocks, parsed.plain);
  const ol = outline(blocks, parsed.plain);
  const title = ol.title ?? fallbackTitle(options);
  let procedures = ol.procedures;
  if (procedures.length === 0) {
    const body = blocks.filter((b) => !(b.kind === "heading" && b.text === ol.title && b.line === 1));
    if (ol.reference.length || body.length)
      warnings.push({
        message: "no commands, checklists or thresholds found: one draft holds the whole text",
      });
    const all = body.length
      ? body
      : [{ kind: "paragraph", text: "The runbook was empty.", line: 1, end: 1 } as Block];
    procedures = [{ path: [title], blocks: all, line: all[0].line, end: all.at(-1)!.end, headings: [] }];
  }
  const headings = blocks.filter((b) => b.kind === "heading");
  return assemble(title, procedures, ol.reference, text, parsed.plain, options, warnings, headings, ol.title);
}

function assemble(
  title: string,
  procedures: Procedure[],
  reference: Procedure[],
  text: string,
  plain: boolean,
  options: ImportOptions,
  warnings: ImportWarning[],
  headings: Block[],
  docTitle?: string,
): ImportResult {
  const playbooks: DraftPlaybook[] = [];
  const suggestions: Suggestion[] = [];
  const sourceMap: SourceSpan[] = [];
  const ids = new Set<string>();
  for (const procedure of procedures) {
    const input: DraftInput = {
      procedure,
      runbookTitle: title,
      plain,
      catalog: options.catalog,
      sourceName: options.sourceName,
      ids,
    };
    const built = buildDraft(input);
    playbooks.push(built.draft);
    suggestions.push(...built.suggestions);
    sourceMap.push(...built.spans);
    warnings.push(...built.warnings);
  }
  const sections: SectionOutcome[] = headings.map((h) => {
    const base = {
      title: h.kind === "heading" ? h.text : "",
      level: h.kind === "heading" ? h.level : 0,
      line: h.line,
    };
    if (docTitle && h.line === headings[0].line && base.title === docTitle)
      return { ...base, note: "the runbook's title" };
    const draft = playbooks.find((d) => h.line >= d.line && h.line <= d.end);
    if (draft) return { ...base, draftId: draft.id };
    const ref = reference.find((r) => h.line >= r.line && h.line <= r.end);
    return {
      ...base,
      note: ref
        ? "reference text: nothing to do in it (no commands, checklist or thresholds)"
        : "holds its subsections only",
    };
  });
  return {
    title,
    playbooks,
    yaml: playbooks.map((p) => p.yaml).join("---\n"),
    suggestions,
    warnings: warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
    sections,
    sourceMap,
    lines: lines(text),
    plainText: plain,
  };
}

function normalize(input: string, warnings: ImportWarning[]): string {
  let text = input.replace(/^\uFEFF/, "").replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n");
  if (text.length > MAX_INPUT_CHARS) {
    warnings.push({
      message: `the runbook is longer than ${MAX_INPUT_CHARS} characters: only the start was imported`,
    });
    text = text.slice(0, MAX_INPUT_CHARS);
  }
  // Control characters cannot be written to YAML and mean nothing in a runbook.
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
}

function lines(text: string): number {
  let n = text.endsWith("\n") ? 0 : 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

function fallbackTitle(options: ImportOptions): string {
  const name = (options.sourceName ?? "")
    .split(/[\\/]/)
    .pop()
    ?.replace(/\.(md|markdown|txt)$/i, "")
    .replace(/[-_]+/g, " ")
    .trim();
  return name ? name.slice(0, 120) : "Imported runbook";
}
