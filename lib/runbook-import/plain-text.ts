import type { Block } from "./blocks";
import { isCommandLine } from "./shell";

/**
 * What a runbook copied from a rendered page still shows without markdown: a first line that is
 * its title, numbered headings ("2.1 Queue Backlog"), short title-like lines ("Weekly"), and
 * command lines with their `#` comments and `\` continuations. Markdown runbooks get only the
 * last rule, for paragraphs of `$ ` prompts.
 */
export function refineBlocks(blocks: Block[], plain: boolean): Block[] {
  const out: Block[] = [];
  let numberedLevel = 1;
  blocks.forEach((block, index) => {
    if (block.kind !== "paragraph") return void out.push(block);
    const single = !block.text.includes("\n");
    const text = block.text.trim();
    if (plain && single && index === 0 && text.length <= 100 && !/[.:]$/.test(text) && !isCommandLine(text)) {
      return void out.push({ kind: "heading", level: 1, text, line: block.line, end: block.end });
    }
    const numbered = plain && single ? numberedHeading(block.text) : null;
    if (numbered) {
      numberedLevel = Math.min(5, numbered.level);
      return void out.push({
        kind: "heading",
        level: numbered.level,
        text,
        line: block.line,
        end: block.end,
      });
    }
    if (plain && single && titleLike(text)) {
      return void out.push({
        kind: "heading",
        level: numberedLevel + 1,
        text,
        line: block.line,
        end: block.end,
      });
    }
    const code = codeLike(block.text, plain);
    if (code === "none") return void out.push(block);
    const prev = out.at(-1);
    // Commands separated by blank lines (and the comments between them) are one block.
    if (prev?.kind === "code" && prev.detected) {
      prev.text += `\n\n${block.text}`;
      prev.end = block.end;
      return;
    }
    if (code === "comments") return void out.push(block);
    out.push({
      kind: "code",
      lang: "sh",
      text: block.text,
      closed: true,
      detected: true,
      line: block.line,
      end: block.end,
    });
  });
  return plain ? absorbComments(out) : out;
}

/** A comment paragraph right above commands belongs to them. */
function absorbComments(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (const block of blocks) {
    const prev = out.at(-1);
    if (
      block.kind === "code" &&
      block.detected &&
      prev?.kind === "paragraph" &&
      codeLike(prev.text, true) === "comments"
    ) {
      out[out.length - 1] = { ...block, text: `${prev.text}\n\n${block.text}`, line: prev.line };
    } else out.push(block);
  }
  return out;
}

function numberedHeading(line: string): { level: number } | null {
  const m = /^(\d{1,3}(?:\.\d{1,3}){0,4})\.?[ \t]+(\S.*)$/.exec(line.slice(0, 200));
  if (!m || line.length > 100 || /[.:;,!?]$/.test(line.trim())) return null;
  return { level: Math.min(6, 1 + m[1].split(".").filter(Boolean).length) };
}

function titleLike(text: string): boolean {
  return (
    text.length <= 60 &&
    text.split(/\s+/).length <= 8 &&
    /^[A-Z0-9]/.test(text) &&
    !/[.:;,!?]$/.test(text) &&
    !text.includes(": ") &&
    !text.includes("://") &&
    !isCommandLine(text)
  );
}

/** Whether every line is a command, its continuation or a comment ("comments": only comments). */
function codeLike(text: string, plain: boolean): "none" | "commands" | "comments" {
  const lines = text.split("\n");
  if (!plain) return lines.every((l) => /^\s*\$ /.test(l)) ? "commands" : "none";
  let commands = 0;
  let continuing = false;
  for (const raw of lines) {
    const line = raw.slice(0, 2000);
    const trimmed = line.trim();
    if (continuing || (commands > 0 && /^\s{2,}\S/.test(line) && !trimmed.startsWith("#"))) {
      // Continuations are part of the command above.
    } else if (trimmed.startsWith("#")) {
      continuing = false;
      continue;
    } else if (isCommandLine(trimmed)) commands++;
    else return "none";
    continuing = /\\$|\||&&$/.test(trimmed) || unbalancedQuote(trimmed, continuing);
  }
  return commands > 0 ? "commands" : "comments";
}

/** A line that leaves a quote open (a JSON body over several lines), or closes the one left open. */
function unbalancedQuote(line: string, wasOpen: boolean): boolean {
  const count = (line.match(/'/g) ?? []).length;
  return wasOpen ? count % 2 === 0 : count % 2 === 1;
}
