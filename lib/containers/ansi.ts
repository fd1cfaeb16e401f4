/**
 * Parses ANSI SGR escape codes in a log line into styled text segments. The browser renders
 * segments as React text with classes, never as HTML, so a line can color itself but cannot
 * inject markup. Every other escape sequence (cursor moves, titles, hyperlinks) and control
 * character is dropped. Client-safe and pure.
 */

export const NAMED_COLORS = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"] as const;
export type NamedColor = (typeof NAMED_COLORS)[number];

export type AnsiColor =
  { kind: "named"; name: NamedColor; bright: boolean } | { kind: "rgb"; r: number; g: number; b: number };

export interface AnsiStyle {
  fg?: AnsiColor;
  bg?: AnsiColor;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
  strike?: boolean;
}

export interface AnsiSegment {
  text: string;
  style: AnsiStyle;
}

// CSI (ESC[ or 8-bit 0x9b) ... final byte; OSC (ESC]) ... BEL or ST; any other two-byte ESC sequence.
const ESCAPE = /(?:\x1b\[|\x9b)([0-?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -~]?/g;
// C0 controls except tab, DEL and the C1 range: they move cursors or do nothing useful in a browser.
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/g;

export function parseAnsi(line: string): AnsiSegment[] {
  const segments: AnsiSegment[] = [];
  let style: AnsiStyle = {};
  let last = 0;
  const push = (raw: string) => {
    const text = raw.replace(CONTROL, "");
    if (!text) return;
    const prev = segments[segments.length - 1];
    if (prev && sameStyle(prev.style, style)) prev.text += text;
    else segments.push({ text, style });
  };
  for (const match of line.matchAll(ESCAPE)) {
    push(line.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[2] === "m") style = applySgr(style, match[1]);
  }
  push(line.slice(last));
  return segments;
}

/** The plain text of a line, e.g. for downloads and for filtering what people can see. */
export function stripAnsi(line: string): string {
  return line.replace(ESCAPE, "").replace(CONTROL, "");
}

function applySgr(current: AnsiStyle, params: string): AnsiStyle {
  // Private-mode sequences (`?`, `<`, ...) are not SGR.
  if (/[<-?]/.test(params)) return current;
  const codes = params === "" ? [0] : params.split(/[;:]/).map((p) => (p === "" ? 0 : Number(p)));
  let style = { ...current };
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code === 0) style = {};
    else if (code === 1) style.bold = true;
    else if (code === 2) style.dim = true;
    else if (code === 3) style.italic = true;
    else if (code === 4) style.underline = true;
    else if (code === 7) style.inverse = true;
    else if (code === 9) style.strike = true;
    else if (code === 22) style.bold = style.dim = undefined;
    else if (code === 23) style.italic = undefined;
    else if (code === 24) style.underline = undefined;
    else if (code === 27) style.inverse = undefined;
    else if (code === 29) style.strike = undefined;
    else if (code >= 30 && code <= 37) style.fg = named(code - 30, false);
    else if (code >= 90 && code <= 97) style.fg = named(code - 90, true);
    else if (code >= 40 && code <= 47) style.bg = named(code - 40, false);
    else if (code >= 100 && code <= 107) style.bg = named(code - 100, true);
    else if (code === 39) style.fg = undefined;
    else if (code === 49) style.bg = undefined;
    else if (code === 38 || code === 48) {
      const { color, used } = extendedColor(codes, i + 1);
      if (color) style[code === 38 ? "fg" : "bg"] = color;
      i += used;
    }
  }
  for (const key of Object.keys(style) as (keyof AnsiStyle)[])
    if (style[key] === undefined) delete style[key];
  return style;
}

/** `5;n` (256-color palette) or `2;r;g;b` (true color) after a 38/48. */
function extendedColor(codes: number[], at: number): { color?: AnsiColor; used: number } {
  if (codes[at] === 5) {
    const n = codes[at + 1];
    return { color: Number.isInteger(n) && n >= 0 && n <= 255 ? palette256(n) : undefined, used: 2 };
  }
  if (codes[at] === 2) {
    const [r, g, b] = codes.slice(at + 1, at + 4);
    const ok = [r, g, b].every((v) => Number.isInteger(v) && v >= 0 && v <= 255);
    return { color: ok ? { kind: "rgb", r, g, b } : undefined, used: 4 };
  }
  return { used: 0 };
}

function named(index: number, bright: boolean): AnsiColor {
  return { kind: "named", name: NAMED_COLORS[index], bright };
}

function palette256(n: number): AnsiColor {
  if (n < 16) return named(n % 8, n >= 8);
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return { kind: "rgb", r: v, g: v, b: v };
  }
  const levels = [0, 95, 135, 175, 215, 255];
  const i = n - 16;
  return { kind: "rgb", r: levels[Math.floor(i / 36)], g: levels[Math.floor(i / 6) % 6], b: levels[i % 6] };
}

function sameStyle(a: AnsiStyle, b: AnsiStyle): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
