/**
 * A shields.io-style flat badge: the label on grey, the status on its colour, both in white
 * (the palette keeps AA contrast). Widths come from approximate Verdana 11px advances.
 */
import type { ComponentStatus } from "../types";
import { esc, stripForbidden } from "./escape";
import { BADGE_LABEL_COLOUR, THEME, statusFill, statusLabel } from "./palette";

const NARROW = new Set([..."fijlrtI!|.,:;'` ()[]"]);
const WIDE = new Set([..."mwMW@%"]);
const PADDING = 6;

/** Approximate rendered width, in pixels, of text at Verdana 11px. */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    if (NARROW.has(ch)) width += 3.9;
    else if (WIDE.has(ch)) width += 10.7;
    else if (/[A-Z0-9]/.test(ch)) width += 7.5;
    else width += 6.6;
  }
  return Math.ceil(width);
}

export function renderBadge(label: string, status: ComponentStatus): string {
  const left = stripForbidden(label);
  const right = statusLabel(status).toLowerCase();
  const lw = textWidth(left) + PADDING * 2;
  const rw = textWidth(right) + PADDING * 2;
  const width = lw + rw;
  const name = esc(`${left}: ${right}`);
  // Text is drawn at 10x and scaled down, as shields does, for crisper sub-pixel placement.
  const text = (x: number, w: number, value: string) =>
    value
      ? `<text x="${x * 10}" y="140" transform="scale(.1)" textLength="${(w - PADDING * 2) * 10}">${esc(value)}</text>`
      : "";
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${name}">` +
    `<title>${name}</title>` +
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff" /></clipPath>` +
    `<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="${BADGE_LABEL_COLOUR}" />` +
    `<rect x="${lw}" width="${rw}" height="20" fill="${statusFill(status, THEME.light.muted)}" /></g>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="110">` +
    text(lw / 2, lw, left) +
    text(lw + rw / 2, rw, right) +
    `</g></svg>\n`
  );
}
