import type { Block } from "./blocks";
import { inlineCommands, isStepCode } from "./steps";
import { alertThreshold, tableThresholds } from "./thresholds";

/**
 * The runbook as the procedures an incident commander would pick from: the title (a heading of
 * its own level at the top), sections (the next heading level) and their subsections (the one
 * after). A section with subsections gives one procedure per subsection, plus its own text when
 * that is a procedure too; deeper headings stay inside their procedure as step titles.
 */
export interface Procedure {
  /** Headings from the section down, e.g. ["Troubleshooting", "SQLite Issues"]. */
  path: string[];
  blocks: Block[];
  line: number;
  end: number;
  /** Heading blocks this procedure stands for (outcomes are reported per heading). */
  headings: Block[];
}

export interface Outline {
  title?: string;
  procedures: Procedure[];
  /** Sections and parts left out because they hold nothing to do (reference text). */
  reference: Procedure[];
}

export function outline(blocks: Block[], plain: boolean): Outline {
  const headings = blocks.filter((b) => b.kind === "heading") as Extract<Block, { kind: "heading" }>[];
  const levels = [...new Set(headings.map((h) => h.level))].sort((a, b) => a - b);
  let title: string | undefined;
  let body = blocks;
  const first = blocks[0];
  if (
    first?.kind === "heading" &&
    first.level === levels[0] &&
    headings.filter((h) => h.level === first.level).length === 1
  ) {
    title = first.text;
    body = blocks.slice(1);
    levels.shift();
  }
  const [top, sub] = levels;
  const procedures: Procedure[] = [];
  const reference: Procedure[] = [];
  const add = (p: Procedure) => p.blocks.length && (isProcedure(p, plain) ? procedures : reference).push(p);

  let section: Procedure | null = null;
  let part: Procedure | null = null;
  let preamble: Procedure = { path: [], blocks: [], line: 1, end: 1, headings: [] };
  const close = () => {
    if (part) add(part);
    else if (section) add(section);
    part = null;
  };
  for (const block of body) {
    if (block.kind === "heading" && block.level === top) {
      close();
      section = { path: [block.text], blocks: [], line: block.line, end: block.end, headings: [block] };
      continue;
    }
    if (block.kind === "heading" && block.level === sub && section) {
      // The section's own text before its first subsection is a procedure of its own, or reference.
      if (part) add(part);
      else if (section.blocks.length) add({ ...section });
      part = {
        path: [...section.path, block.text],
        blocks: [],
        line: block.line,
        end: block.end,
        headings: [block],
      };
      continue;
    }
    const into: Procedure = part ?? section ?? preamble;
    into.blocks.push(block);
    into.end = block.end;
    if (into === preamble && preamble.blocks.length === 1) preamble.line = block.line;
  }
  close();
  if (preamble.blocks.length) {
    preamble = { ...preamble, path: title ? [title] : [] };
    (isProcedure(preamble, plain) ? procedures : reference).unshift(preamble);
  }
  return { title, procedures: procedures.sort((a, b) => a.line - b.line), reference };
}

/** Something to do: commands, a checklist, a numbered procedure, thresholds, or commands quoted in text. */
function isProcedure({ path, blocks }: Procedure, plain: boolean): boolean {
  if (/^((table of )?contents|toc|index)$/i.test(path.at(-1) ?? "")) return false;
  return blocks.some((b) => {
    if (isStepCode(b)) return true;
    if (b.kind === "table") return tableThresholds(b.header, b.rows, b.line).length > 0;
    if (b.kind === "list" && b.items.some((i) => i.checked !== undefined)) return true;
    if (b.kind === "list" && b.ordered && b.items.some((i) => i.text.split(/\s+/).length >= 4)) return true;
    const text =
      b.kind === "list" ? b.items.map((i) => i.text).join("\n") : b.kind === "paragraph" ? b.text : "";
    return (
      inlineCommands(text, 0, plain).length > 0 || text.split("\n").some((l) => alertThreshold(l, 0) !== null)
    );
  });
}
