import { describe, expect, it } from "vitest";
import { parseAnsi, stripAnsi } from "./ansi";

const ESC = "\x1b";

describe("parseAnsi", () => {
  it("leaves plain text, including HTML, as one unstyled text segment", () => {
    expect(parseAnsi("<script>alert(1)</script> & <b>")).toEqual([
      { text: "<script>alert(1)</script> & <b>", style: {} },
    ]);
  });

  it("turns SGR colors into styled segments and resets on 0 or an empty SGR", () => {
    expect(parseAnsi(`plain ${ESC}[31merror${ESC}[0m after ${ESC}[1;92mok${ESC}[m end`)).toEqual([
      { text: "plain ", style: {} },
      { text: "error", style: { fg: { kind: "named", name: "red", bright: false } } },
      { text: " after ", style: {} },
      { text: "ok", style: { bold: true, fg: { kind: "named", name: "green", bright: true } } },
      { text: " end", style: {} },
    ]);
  });

  it("keeps styles across codes until they are switched off one by one", () => {
    const segs = parseAnsi(`${ESC}[4;44mA${ESC}[24mB${ESC}[49mC`);
    expect(segs.map((s) => [s.text, s.style])).toEqual([
      ["A", { underline: true, bg: { kind: "named", name: "blue", bright: false } }],
      ["B", { bg: { kind: "named", name: "blue", bright: false } }],
      ["C", {}],
    ]);
  });

  it("reads 256-color and true-color codes", () => {
    expect(parseAnsi(`${ESC}[38;5;196mX`)[0].style.fg).toEqual({ kind: "rgb", r: 255, g: 0, b: 0 });
    expect(parseAnsi(`${ESC}[38;5;9mX`)[0].style.fg).toEqual({ kind: "named", name: "red", bright: true });
    expect(parseAnsi(`${ESC}[38;5;244mX`)[0].style.fg).toEqual({ kind: "rgb", r: 128, g: 128, b: 128 });
    expect(parseAnsi(`${ESC}[48;2;10;20;30mX`)[0].style.bg).toEqual({ kind: "rgb", r: 10, g: 20, b: 30 });
    // Out-of-range values are ignored rather than passed on to a style attribute.
    expect(parseAnsi(`${ESC}[38;2;999;0;0mX`)[0].style).toEqual({});
  });

  it("drops cursor moves, screen clears, titles, hyperlinks and control characters", () => {
    const line = `${ESC}[2J${ESC}[1;1Ha${ESC}]0;title\x07b${ESC}]8;;http://x${ESC}\\c\x07\x08\rd\te${ESC}[?25l`;
    expect(parseAnsi(line)).toEqual([{ text: "abcd\te", style: {} }]);
  });

  it("drops a dangling escape at the end of a truncated line", () => {
    expect(stripAnsi(`cut here${ESC}`)).toBe("cut here");
    expect(stripAnsi(`cut here${ESC}[`)).toBe("cut here");
  });

  it("merges neighbours with the same style", () => {
    expect(parseAnsi(`${ESC}[31ma${ESC}[31mb`)).toHaveLength(1);
  });
});

describe("stripAnsi", () => {
  it("returns the visible text", () => {
    expect(stripAnsi(`${ESC}[1;31mERROR${ESC}[0m disk full`)).toBe("ERROR disk full");
  });
});
