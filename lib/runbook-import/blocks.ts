import { isCommandLine } from "./shell";

/**
 * A small block parser for runbooks: headings, paragraphs, fenced and indented code, lists (with
 * `- [ ]` checkboxes and numbers), pipe tables and quotes, each with its source lines. Text that
 * fits nothing is a paragraph, so nothing is lost. Runbooks pasted from a rendered page (no
 * `#`, no fences) are read with plain-text rules: numbered headings and bare command lines.
 * Classification looks at the first MAX_PROBE characters of a line only, so a hostile line costs
 * its length once.
 */

export interface ListItem {
  text: string;
  line: number;
  depth: number;
  /** `- [ ]` (false) or `- [x]` (true); absent on an ordinary item. */
  checked?: boolean;
}

interface Lines {
  /** 1-based first and last source line. */
  line: number;
  end: number;
}

export type Block = Lines &
  (
    | { kind: "heading"; level: number; text: string }
    | { kind: "paragraph"; text: string; plain?: boolean }
    | { kind: "code"; lang: string; text: string; closed: boolean; detected?: boolean; fenced?: boolean }
    | { kind: "list"; ordered: boolean; items: ListItem[] }
    | { kind: "table"; header: string[]; rows: string[][] }
  );

export interface ParsedRunbook {
  blocks: Block[];
  /** Read with the plain-text rules (no markdown structure found). */
  plain: boolean;
  warnings: { line: number; message: string }[];
}

const MAX_PROBE = 400;
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]|$)/;
const ITEM = /^(\s*)([-*+•]|\d{1,9}[.)])[ \t]+/;
const CHECKBOX = /^\[([ xX])\][ \t]+/;
const DELIMITER_ROW = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const RULE = /^ {0,3}([-*_])( *\1){2,} *$/;

export function parseBlocks(source: string): ParsedRunbook {
  const lines = source.split("\n");
  const plain = !lines.some((l) => {
    const probe = l.slice(0, MAX_PROBE);
    return FENCE.test(probe) || /^ {0,3}#{2,6}\s/.test(probe) || isDelimiterRow(probe);
  });
  const parser = new Parser(lines, plain);
  parser.run();
  return { blocks: parser.blocks, plain, warnings: parser.warnings };
}

class Parser {
  blocks: Block[] = [];
  warnings: { line: number; message: string }[] = [];
  private i = 0;

  constructor(
    private readonly lines: string[],
    private readonly plain: boolean,
  ) {}

  run(): void {
    this.skipFrontMatter();
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      const probe = line.slice(0, MAX_PROBE);
      if (!probe.trim()) {
        this.i++;
        continue;
      }
      if (this.fence(probe) || this.heading(probe) || this.table(probe) || this.list(probe)) continue;
      if (RULE.test(probe)) {
        this.i++;
        continue;
      }
      if (!this.plain && /^( {4}|\t)/.test(probe) && this.indentedCode()) continue;
      this.paragraph();
    }
  }

  private at(line: number, end: number) {
    return { line: line + 1, end: end + 1 };
  }

  private skipFrontMatter(): void {
    if (this.lines[0]?.trim() !== "---") return;
    const close = this.lines.findIndex((l, k) => k > 0 && l.trim() === "---");
    if (close > 0 && close < 100) this.i = close + 1;
  }

  private fence(probe: string): boolean {
    const open = FENCE.exec(probe);
    if (!open) return false;
    const [, indent, marker, lang] = open;
    const start = this.i;
    const body: string[] = [];
    let j = this.i + 1;
    let closed = false;
    for (; j < this.lines.length; j++) {
      const t = this.lines[j].slice(0, MAX_PROBE).trim();
      if (t.startsWith(marker) && t.replace(/^[`~]+/, "").trim() === "") {
        closed = true;
        break;
      }
      body.push(
        indent && this.lines[j].startsWith(indent) ? this.lines[j].slice(indent.length) : this.lines[j],
      );
    }
    if (!closed) this.warnings.push({ line: start + 1, message: "code block never closed: read to the end" });
    this.blocks.push({
      kind: "code",
      lang: lang.toLowerCase().replace(/[^a-z0-9+-]/g, ""),
      text: body.join("\n"),
      closed,
      fenced: true,
      ...this.at(start, Math.min(j, this.lines.length - 1)),
    });
    this.i = j + 1;
    return true;
  }

  private heading(probe: string): boolean {
    const atx = ATX.exec(probe);
    if (atx && !(this.plain && this.nextToCommand())) {
      const text = this.lines[this.i]
        .slice(atx[0].length)
        .replace(/[ \t]+#+[ \t]*$/, "")
        .trim();
      this.blocks.push({ kind: "heading", level: atx[1].length, text, ...this.at(this.i, this.i) });
      this.i++;
      return true;
    }
    const next = this.lines[this.i + 1]?.slice(0, MAX_PROBE) ?? "";
    if (!this.plain && /^\s*(=+|-+)\s*$/.test(next) && !ITEM.test(probe) && probe.trim().length > 0) {
      this.blocks.push({
        kind: "heading",
        level: next.trim().startsWith("=") ? 1 : 2,
        text: this.lines[this.i].trim(),
        ...this.at(this.i, this.i + 1),
      });
      this.i += 2;
      return true;
    }
    return false;
  }

  /** In plain text, `# ...` right above or below a command is a shell comment, not a heading. */
  private nextToCommand(): boolean {
    const near = [this.lines[this.i - 1], this.lines[this.i + 1]];
    return near.some((l) => l !== undefined && (isCommandLine(l) || /^\s*#/.test(l)));
  }

  private table(probe: string): boolean {
    const next = this.lines[this.i + 1]?.slice(0, MAX_PROBE);
    if (!probe.includes("|") || next === undefined || !isDelimiterRow(next)) return false;
    const start = this.i;
    const header = cells(this.lines[this.i]);
    const rows: string[][] = [];
    this.i += 2;
    while (this.i < this.lines.length && this.lines[this.i].includes("|") && this.lines[this.i].trim()) {
      rows.push(cells(this.lines[this.i]));
      this.i++;
    }
    this.blocks.push({ kind: "table", header, rows, ...this.at(start, this.i - 1) });
    return true;
  }

  private list(probe: string): boolean {
    const first = ITEM.exec(probe);
    if (!first) return false;
    // Plain text: an unindented "1. Title" alone on its line is a numbered heading (plain-text.ts).
    if (this.plain && !first[1] && /^\d/.test(first[2]) && !this.lines[this.i + 1]?.trim()) return false;
    const start = this.i;
    const ordered = /^\d/.test(first[2]);
    const items: ListItem[] = [];
    const base = first[1].length;
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      const m = ITEM.exec(line.slice(0, MAX_PROBE));
      if (m && (m[1].length >= base || items.length === 0)) {
        let text = line.slice(m[0].length);
        const box = CHECKBOX.exec(text);
        if (box) text = text.slice(box[0].length);
        items.push({
          text: text.trim(),
          line: this.i + 1,
          depth: Math.max(0, Math.floor((m[1].length - base) / 2)),
          ...(box ? { checked: box[1] !== " " } : {}),
        });
        this.i++;
        continue;
      }
      // An indented line continues the item; a blank line ends the list unless an item follows.
      if (line.trim() && /^\s{2,}/.test(line) && !FENCE.test(line.slice(0, MAX_PROBE))) {
        items[items.length - 1].text += ` ${line.trim()}`;
        this.i++;
        continue;
      }
      const after = this.lines[this.i + 1]?.slice(0, MAX_PROBE);
      if (!line.trim() && after !== undefined && ITEM.exec(after) && ITEM.exec(after)![1].length >= base) {
        this.i++;
        continue;
      }
      break;
    }
    this.blocks.push({ kind: "list", ordered, items, ...this.at(start, this.i - 1) });
    return true;
  }

  private indentedCode(): boolean {
    const prev = this.blocks.at(-1);
    if (prev && prev.end === this.i && prev.kind !== "heading") return false;
    const start = this.i;
    const body: string[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.trim() && !/^( {4}|\t)/.test(line)) break;
      body.push(line.replace(/^( {4}|\t)/, ""));
      this.i++;
    }
    while (body.length && !body[body.length - 1].trim()) body.pop();
    const end = start + body.length - 1;
    this.blocks.push({ kind: "code", lang: "", text: body.join("\n"), closed: true, ...this.at(start, end) });
    return true;
  }

  private paragraph(): void {
    const start = this.i;
    const text: string[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      const probe = line.slice(0, MAX_PROBE);
      if (!probe.trim()) break;
      if (text.length && (FENCE.test(probe) || (!this.plain && (ATX.test(probe) || ITEM.test(probe))))) break;
      if (text.length && this.plain && ITEM.test(probe) && /^\s+/.test(probe)) break;
      if (
        text.length &&
        probe.includes("|") &&
        isDelimiterRow(this.lines[this.i + 1]?.slice(0, MAX_PROBE) ?? "")
      )
        break;
      text.push(line.replace(/^\s*>\s?/, ""));
      this.i++;
    }
    this.blocks.push({
      kind: "paragraph",
      text: text.map((l) => (this.plain ? l.trimEnd() : l.trim())).join("\n"),
      ...(this.plain ? { plain: true } : {}),
      ...this.at(start, this.i - 1),
    });
  }
}

function isDelimiterRow(probe: string): boolean {
  return probe.includes("|") && probe.includes("-") && DELIMITER_ROW.test(probe);
}

/** The cells of a pipe table row; `\|` and pipes inside `code` stay in the cell. */
export function cells(row: string): string[] {
  const out: string[] = [];
  let cell = "";
  let code = false;
  const text = row.trim().replace(/^\|/, "");
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\" && text[i + 1] === "|") {
      cell += "|";
      i++;
    } else if (c === "`") {
      code = !code;
      cell += c;
    } else if (c === "|" && !code) {
      out.push(cell.trim());
      cell = "";
    } else cell += c;
  }
  if (cell.trim()) out.push(cell.trim());
  return out;
}
