/**
 * Small checks over rendered markup for the tests (no XML parser is installed): a
 * well-formedness parser for XML (and the XHTML-compatible HTML this module writes), and
 * decoding of the five entities and numeric references.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Child elements and decoded text, in document order. */
  content: (XmlElement | string)[];
}

// XML 1.0 Char production, negated (surrogate pairs are checked as pairs).
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NAME = "[A-Za-z_][\\w.:-]*";
const ATTR = new RegExp(`\\s+(${NAME})\\s*=\\s*("[^"<]*"|'[^'<]*')`, "y");

export function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (named[e]) return named[e];
    return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

function checkText(text: string, where: number): void {
  if (NOT_XML_CHAR.test(text)) throw new Error(`character XML forbids near ${where}`);
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text)) throw new Error(`bare & near ${where}`);
}

/** Parses `xml` (an optional declaration and doctype first) and throws on anything not well-formed. */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const skip = (re: RegExp) => {
    re.lastIndex = i;
    const m = re.exec(xml);
    if (m) i = re.lastIndex;
    return m;
  };
  skip(/<\?xml[^?]*\?>\s*/y);
  skip(/<!DOCTYPE html>\s*/iy);
  const root: XmlElement = { name: "#document", attrs: {}, children: [], content: [] };
  const stack = [root];
  while (i < xml.length) {
    const top = stack[stack.length - 1];
    if (skip(/<!--[\s\S]*?-->/y) || skip(/<!\[CDATA\[[\s\S]*?\]\]>/y)) continue;
    const end = skip(new RegExp(`</(${NAME})\\s*>`, "y"));
    if (end) {
      if (end[1] !== top.name) throw new Error(`</${end[1]}> closes <${top.name}> near ${i}`);
      stack.pop();
      continue;
    }
    const open = skip(new RegExp(`<(${NAME})`, "y"));
    if (open) {
      const el: XmlElement = { name: open[1], attrs: {}, children: [], content: [] };
      for (let a = skip(ATTR); a; a = skip(ATTR)) {
        if (a[1] in el.attrs) throw new Error(`duplicate attribute ${a[1]} near ${i}`);
        checkText(a[2], i);
        el.attrs[a[1]] = decode(a[2].slice(1, -1));
      }
      const close = skip(/\s*(\/?)>/y);
      if (!close) throw new Error(`malformed tag <${open[1]}> near ${i}`);
      if (stack.length === 1 && root.children.length) throw new Error("more than one root element");
      top.children.push(el);
      top.content.push(el);
      if (!close[1]) stack.push(el);
      continue;
    }
    const text = skip(/[^<]+/y);
    if (!text) throw new Error(`unexpected markup near ${i}: ${xml.slice(i, i + 40)}`);
    checkText(text[0], i);
    if (text[0].includes("]]>")) throw new Error(`]]> in text near ${i}`);
    if (stack.length === 1 && text[0].trim()) throw new Error("text outside the root element");
    top.content.push(decode(text[0]));
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (root.children.length !== 1) throw new Error("no root element");
  return root.children[0];
}

/** Every element under (and including) `el`, in document order. */
export function elements(el: XmlElement): XmlElement[] {
  return [el, ...el.children.flatMap(elements)];
}

export const byName = (el: XmlElement, name: string) => elements(el).filter((e) => e.name === name);

/** All decoded text under an element, in document order. */
export function textContent(el: XmlElement): string {
  return el.content.map((c) => (typeof c === "string" ? c : textContent(c))).join("");
}

export const hasClass = (el: XmlElement, cls: string) => (el.attrs.class ?? "").split(/\s+/).includes(cls);

/**
 * What the page's CSP (no inline script or style) and a careful reviewer would refuse, found two
 * ways: by regex over the raw text with quoted attribute values blanked (text holds no raw `"`,
 * `<` or `>` once escaped, so every `<` left starts a tag), and by walking the parsed elements.
 */
export function cspProblems(html: string): string[] {
  const problems: string[] = [];
  const tagsOnly = html.replace(/"[^"]*"/g, '""');
  if (/<style[\s>]/i.test(tagsOnly)) problems.push("regex: <style> element");
  if (/<[^>]*\sstyle\s*=/i.test(tagsOnly)) problems.push("regex: style attribute");
  if (/<[^>]*\son[a-z]+\s*=/i.test(tagsOnly)) problems.push("regex: on* attribute");
  if (/<script(?![^>]*\ssrc=)[^>]*>/i.test(tagsOnly)) problems.push("regex: <script> without src");
  if (/<script[^>]*>[^<]/i.test(html)) problems.push("regex: <script> with content");
  for (const el of elements(parseXml(html))) {
    if (el.name.toLowerCase() === "style") problems.push("<style> element");
    if (el.name.toLowerCase() === "script" && (!el.attrs.src || el.content.length))
      problems.push("inline <script>");
    for (const [name, value] of Object.entries(el.attrs)) {
      if (/^on/i.test(name)) problems.push(`${name}= on <${el.name}>`);
      if (name.toLowerCase() === "style") problems.push(`style= on <${el.name}>`);
      if (/^(href|src|action)$/.test(name) && /^\s*(javascript|data|vbscript):/i.test(value)) {
        problems.push(`${name}="${value}" on <${el.name}>`);
      }
    }
  }
  return problems;
}
