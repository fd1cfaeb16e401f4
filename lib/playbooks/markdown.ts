/**
 * The small markdown of instruction steps, parsed to plain data (rendered as React elements,
 * never as HTML, so a playbook cannot inject markup): headings, paragraphs, bullet and numbered
 * lists, fenced code blocks (copyable commands), and inline code, bold and http(s) links.
 */
export type Inline =
  | { kind: "text"; text: string }
  | { kind: "code"; text: string }
  | { kind: "strong"; text: string }
  | { kind: "link"; text: string; href: string };

export type Block =
  | { kind: "heading"; level: 3 | 4; content: Inline[] }
  | { kind: "paragraph"; content: Inline[] }
  | { kind: "list"; ordered: boolean; items: Inline[][] }
  | { kind: "code"; lang?: string; text: string };

const FENCE = /^\s*(```|~~~)\s*([\w+-]*)\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const HEADING = /^(#{1,6})\s+(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: "paragraph", content: parseInline(paragraph.join(" ")) });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const body: string[] = [];
      let j = i + 1;
      while (j < lines.length && !lines[j].trim().startsWith(fence[1])) body.push(lines[j++]);
      blocks.push({ kind: "code", ...(fence[2] ? { lang: fence[2] } : {}), text: dedent(body).join("\n") });
      i = j; // past the closing fence (or the end, for an unclosed one)
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({
        kind: "heading",
        level: heading[1].length <= 2 ? 3 : 4,
        content: parseInline(heading[2]),
      });
      continue;
    }
    const item = BULLET.exec(line) ?? NUMBERED.exec(line);
    if (item) {
      flush();
      const ordered = !BULLET.test(line);
      const last = blocks.at(-1);
      if (last?.kind === "list" && last.ordered === ordered) last.items.push(parseInline(item[1]));
      else blocks.push({ kind: "list", ordered, items: [parseInline(item[1])] });
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    const last = blocks.at(-1);
    // An indented line right under a list item continues it.
    if (!paragraph.length && last?.kind === "list" && /^\s{2,}\S/.test(line)) {
      last.items[last.items.length - 1].push({ kind: "text", text: " " }, ...parseInline(line.trim()));
      continue;
    }
    paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

const INLINE = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>)]+)/g;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let at = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > at) out.push({ kind: "text", text: text.slice(at, m.index) });
    if (m[1] !== undefined) out.push({ kind: "code", text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: "strong", text: m[2] });
    else if (m[3] !== undefined) {
      // Only web links become links: javascript:, data: and the like stay text.
      if (isWebUrl(m[4])) out.push({ kind: "link", text: m[3], href: m[4] });
      else out.push({ kind: "text", text: m[0] });
    } else out.push({ kind: "link", text: m[5].replace(/[.,;:]+$/, ""), href: m[5].replace(/[.,;:]+$/, "") });
    at = m.index + m[0].length;
    if (m[5] !== undefined) {
      const trailing = m[5].length - m[5].replace(/[.,;:]+$/, "").length;
      if (trailing) out.push({ kind: "text", text: m[5].slice(-trailing) });
    }
  }
  if (at < text.length) out.push({ kind: "text", text: text.slice(at) });
  return out;
}

function isWebUrl(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

function dedent(lines: string[]): string[] {
  const indents = lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut));
}
