import { describe, expect, it } from "vitest";
import { COMPONENT_STATUSES } from "../types";
import { BADGE_LABEL_COLOUR, STATUS_COLOURS, THEME } from "./palette";
import { statusCss } from "./status-css";
import { statusJs } from "./status-js";

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe("palette", () => {
  it("meets WCAG AA for status text and white-on-status in both themes", () => {
    for (const s of COMPONENT_STATUSES) {
      const { light, dark } = STATUS_COLOURS[s];
      for (const bg of [THEME.light.bg, THEME.light.card, "#ffffff"])
        expect(contrast(light, bg)).toBeGreaterThanOrEqual(4.5);
      for (const bg of [THEME.dark.bg, THEME.dark.card])
        expect(contrast(dark, bg)).toBeGreaterThanOrEqual(4.5);
    }
    for (const theme of [THEME.light, THEME.dark]) {
      expect(contrast(theme.text, theme.card)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(theme.muted, theme.card)).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrast("#ffffff", BADGE_LABEL_COLOUR)).toBeGreaterThanOrEqual(4.5);
  });
});

describe("statusCss", () => {
  it("is small and has both themes, a screen-reader class, focus rings and a phone layout", () => {
    expect(Buffer.byteLength(statusCss)).toBeLessThan(12 * 1024);
    expect(statusCss).toContain("@media (prefers-color-scheme:dark)");
    expect(statusCss).toContain(".sr-only{");
    expect(statusCss).toMatch(/:focus-visible[^{]*\{outline:3px/);
    expect(statusCss).toMatch(/@media \(max-width:640px\)\{[^\n]*\.d90\{display:none\}/);
    for (const s of COMPONENT_STATUSES) expect(statusCss).toContain(`.bar .st-${s}{fill:var(--${s})}`);
  });
});

/** Runs status.js against a minimal stand-in for the DOM and the timer. */
function run(start: number, times: { datetime: string; className: string }[]) {
  const clock = { now: start };
  const els = times.map((t) => ({
    textContent: "fallback",
    getAttribute: (name: string) => (name === "datetime" ? t.datetime : null),
    classList: { contains: (c: string) => t.className.split(" ").includes(c) },
    className: t.className,
  }));
  const matches = (selector: string) =>
    selector.includes(".ago") ? els.filter((e) => e.classList.contains("ago")) : els;
  const document = { querySelectorAll: matches, querySelector: (s: string) => matches(s)[0] ?? null };
  const timers: { fn: () => void; ms: number }[] = [];
  const setInterval = (fn: () => void, ms: number) => timers.push({ fn, ms });
  const RealDate = Date;
  const FakeDate = Object.assign(
    function (ms: number) {
      return new RealDate(ms);
    },
    { now: () => clock.now, parse: RealDate.parse },
  );
  new Function("document", "setInterval", "Date", statusJs)(document, setInterval, FakeDate);
  return { els, timers, clock };
}

describe("statusJs", () => {
  it("is small and makes no network calls", () => {
    expect(Buffer.byteLength(statusJs)).toBeLessThan(3 * 1024);
    expect(statusJs).not.toMatch(/fetch|XMLHttpRequest|WebSocket|EventSource|import\(|sendBeacon/);
  });

  it("rewrites local times, adds '(N minutes ago)' to the last-updated time and refreshes it every 30 s", () => {
    const at = Date.parse("2026-12-07T14:30:00Z");
    const { els, timers, clock } = run(at + 5 * 60_000, [
      { datetime: "2026-12-07T14:02:00.000Z", className: "local" },
      { datetime: "2026-12-07T14:30:00.000Z", className: "local ago" },
    ]);
    expect(els[0].textContent).not.toBe("fallback");
    expect(els[0].textContent).toMatch(/2026/);
    expect(els[1].textContent).toMatch(/ \(5 minutes ago\)$/);
    expect(timers.map((t) => t.ms)).toEqual([30_000]);
    clock.now = at + 61 * 60_000;
    timers[0].fn();
    expect(els[1].textContent).toMatch(/ \(61 minutes ago\)$/);
  });

  it("leaves a time it cannot parse alone and sets no timer without a last-updated time", () => {
    const { els, timers } = run(Date.now(), [{ datetime: "not a date", className: "local" }]);
    expect(els[0].textContent).toBe("fallback");
    expect(timers).toEqual([]);
  });
});
