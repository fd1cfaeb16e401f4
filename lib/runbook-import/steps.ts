import type { Block, ListItem } from "./blocks";
import { isCommandLine, shellCommands } from "./shell";

/**
 * One section's blocks as steps a person follows: each group of shell commands (split where a
 * `# comment` starts a new group) is an instruction step holding the commands verbatim, titled
 * by the line that introduces it; prose after it stays with it; checkbox lists are checklists.
 * Whatever else is there (tables, JSON, HTML, prose) stays as text in an instruction step.
 */
export interface StepDraft {
  kind: "instruction" | "checklist";
  title: string;
  body: string;
  items: string[];
  line: number;
  end: number;
  /** Commands to match against the stack: from code, and `inline code` in the prose. */
  commands: { text: string; line: number; code: string }[];
}

interface Pending {
  parts: string[];
  title?: string;
  line: number;
  end: number;
  commands: StepDraft["commands"];
}

const SHELL_LANGS = new Set([
  "",
  "bash",
  "sh",
  "shell",
  "console",
  "zsh",
  "shell-session",
  "shellsession",
  "sh-session",
  "terminal",
  "fish",
  "ksh",
  "cmd",
  "powershell",
  "ps",
  "ps1",
  "bat",
]);
const MAX_TITLE = 120;

export function isStepCode(block: Block): boolean {
  if (block.kind !== "code") return false;
  if (block.lang === "sql" || block.lang === "psql") return true;
  if (!SHELL_LANGS.has(block.lang)) return false;
  if (block.lang || block.detected) return true;
  const first = block.text.split("\n").find((l) => l.trim() && !l.trim().startsWith("#")) ?? "";
  return isCommandLine(first);
}

export function buildSteps(
  blocks: Block[],
  sectionTitle: string,
  { checklistSection, plain }: { checklistSection: boolean; plain: boolean },
): StepDraft[] {
  const steps: StepDraft[] = [];
  let pending = null as Pending | null;
  let current = null as StepDraft | null;
  const open = (line: number) => (pending ??= { parts: [], line, end: line, commands: [] });
  const flush = () => {
    if (!pending) return;
    const p = pending;
    pending = null;
    if (!p.parts.length && !p.title) return;
    if (current && !p.title) return appendTo(current, p.parts, p.end, p.commands);
    steps.push(
      (current = {
        kind: "instruction",
        title: p.title ?? sectionTitle,
        body: p.parts.join("\n\n") || p.title || "",
        items: [],
        line: p.line,
        end: p.end,
        commands: p.commands,
      }),
    );
  };
  /** Prose: with the step above it, unless it introduces what follows (ends with ":"). */
  const prose = (block: Block, text: string, commands: StepDraft["commands"]) => {
    const leadIn = /:\s*(\*\*)?$/.test(text) || /^\W*step\s+\d/i.test(text);
    if (current && !pending && !leadIn) return appendTo(current, [text], block.end, commands);
    const p = open(block.line);
    p.parts.push(text);
    p.end = block.end;
    p.commands.push(...commands);
  };

  for (const block of blocks) {
    if (block.kind === "heading") {
      flush();
      current = null;
      open(block.line).title = clip(block.text);
    } else if (block.kind === "code" && isStepCode(block)) {
      const p = pending;
      pending = null;
      const lead = p && !p.title ? leadIn(p.parts) : undefined;
      const parts = p ? p.parts.filter((_, k) => k !== lead?.index) : [];
      groups(block.text).forEach((group, i) => {
        const fence = fenced(group.text, block.lang || "bash");
        const title = (i === 0 ? (p?.title ?? lead?.title) : undefined) ?? group.title;
        const commands = [
          { text: group.text, line: block.line + (block.fenced ? 1 : 0) + group.offset, code: block.lang },
        ];
        steps.push(
          (current = {
            kind: "instruction",
            title: clip(title),
            body: [...(i === 0 ? parts : []), fence].join("\n\n"),
            items: [],
            line: i === 0 && p ? p.line : block.line + group.offset,
            end: block.end,
            commands: [...(i === 0 && p ? p.commands : []), ...commands],
          }),
        );
      });
    } else if (
      block.kind === "list" &&
      (block.items.some((i) => i.checked !== undefined) || (checklistSection && block.ordered))
    ) {
      const p = pending;
      const lead = p && !p.title ? leadIn(p.parts) : undefined;
      if (p && lead) p.parts.splice(lead.index, 1);
      const title = p?.title ?? lead?.title ?? (checklistSection ? sectionTitle : "Checklist");
      if (p) p.title = undefined;
      flush();
      steps.push(
        (current = {
          kind: "checklist",
          title: clip(title),
          body: "",
          items: block.items.map((i) => i.text),
          line: p?.line ?? block.line,
          end: block.end,
          commands: inlineCommands(block.items.map((i) => i.text).join("\n"), block.line, plain),
        }),
      );
      current = null;
    } else {
      const text = render(block);
      if (text.trim()) prose(block, text, inlineCommands(text, block.line, plain && block.kind !== "code"));
    }
  }
  flush();
  return steps;
}

function appendTo(step: StepDraft, parts: string[], end: number, commands: StepDraft["commands"]): void {
  if (step.kind === "checklist") return;
  step.body = [step.body, ...parts].filter(Boolean).join("\n\n");
  step.end = Math.max(step.end, end);
  step.commands.push(...commands);
}

/**
 * The line that introduces a command, as its title: a "Step 2 — Check X:" paragraph, or else the
 * last short line ending with ":". Its index, so the body does not repeat it.
 */
function leadIn(parts: string[]): { title: string; index: number } | undefined {
  const short = (p: string, max: number) => !p.includes("\n") && p.length <= max;
  let index = parts.findIndex((p) => short(p, MAX_TITLE) && /^\W*step\s+\d/i.test(p));
  if (index < 0)
    index = parts.findLastIndex((p) => short(p, 80) && /:\s*(\*\*)?$/.test(p) && !/\.\s/.test(p));
  if (index < 0) return undefined;
  const title = parts[index].replace(/\*\*/g, "").replace(/:\s*$/, "").trim();
  return title ? { title, index } : undefined;
}

interface Group {
  text: string;
  title: string;
  offset: number;
}

/** A code block cut where a blank line is followed by a comment: each part is one thing to do. */
function groups(code: string): Group[] {
  const lines = code.split("\n");
  const out: Group[] = [];
  let start = 0;
  const push = (end: number) => {
    const text = lines.slice(start, end).join("\n").trim();
    if (text) out.push({ text, title: groupTitle(text), offset: start });
  };
  for (let i = 1; i < lines.length; i++) {
    if (
      !lines[i - 1].trim() &&
      lines[i].trim().startsWith("#") &&
      lines.slice(start, i).some((l) => l.trim())
    ) {
      push(i);
      start = i;
    }
  }
  push(lines.length);
  // One group holding only comments is kept as it is, with the commands it explains.
  return out.length ? out : [{ text: code, title: "Run", offset: 0 }];
}

function groupTitle(text: string): string {
  const comment = /^\s*#+\s*(.+)$/m.exec(text.split("\n")[0]);
  if (comment) return comment[1].replace(/:\s*$/, "").trim();
  const first = (shellCommands(text)[0]?.text ?? text).replace(/\s+/g, " ").trim();
  // Long commands keep their start and their end, where the verb and the target are.
  return `Run: ${first.length > 90 ? `${first.slice(0, 30)} … ${first.slice(-55)}` : first}`;
}

export function clip(text: string): string {
  const one = text
    .replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return one.length > MAX_TITLE ? `${one.slice(0, MAX_TITLE - 1)}…` : one || "Step";
}

function fenced(code: string, lang: string): string {
  const fence = /^\s*```/m.test(code) ? "~~~" : "```";
  return `${fence}${lang.replace(/[^a-z0-9+-]/g, "")}\n${code}\n${fence}`;
}

/** A block as markdown the playbook step renders (tables as lists: the step has no tables). */
function render(block: Block): string {
  switch (block.kind) {
    case "paragraph":
      return block.plain && block.text.includes("\n")
        ? block.text
            .split("\n")
            .filter((l) => l.trim())
            .map((l) => `- ${l.trim()}`)
            .join("\n")
        : block.text;
    case "list":
      return block.items.map((item, i) => listLine(item, block.ordered ? `${i + 1}.` : "-")).join("\n");
    case "table":
      return block.rows
        .map(
          (row) =>
            `- ${row
              .map((cell, i) => (block.header[i] ? `${block.header[i]}: ${cell}` : cell))
              .filter((c) => c.trim())
              .join(" · ")}`,
        )
        .join("\n");
    case "code":
      return fenced(block.text, block.lang);
    case "heading":
      return `**${block.text}**`;
  }
}

function listLine(item: ListItem, marker: string): string {
  return `${"  ".repeat(item.depth)}${marker} ${item.text}`;
}

const SPAN = /`([^`\n]{3,300})`/g;
/** Commands that say what they do without arguments ("back up via `pg_dump`"). */
const ALONE = new Set(["pg_dump", "pg_dumpall", "pg_restore", "pg_isready"]);

/** Commands quoted in prose: `inline code` in markdown; in plain text, after ": " or in "(...)". */
export function inlineCommands(text: string, line: number, plain = false): StepDraft["commands"] {
  const found: string[] = [];
  for (const m of text.slice(0, 50_000).matchAll(SPAN))
    if ((m[1].includes(" ") || ALONE.has(m[1])) && isCommandLine(m[1])) found.push(m[1]);
  if (plain)
    for (const l of text.split("\n")) {
      for (const fragment of l.slice(0, 2000).split(/: |\(/)) {
        const candidate = fragment
          .split(/\)|, |\.\s+(?=[A-Z])/)[0]
          .replace(/(?<!\.)\.$/, "")
          .trim();
        if (candidate.includes(" ") && isCommandLine(candidate)) found.push(candidate);
      }
    }
  return found.map((t) => ({ text: t, line, code: "inline" }));
}
