/**
 * A component's response time over the last 24 hours: an inline SVG line (gaps where nothing was
 * measured) with its scale, and the same numbers as a table for screen readers. SVG attributes
 * are not inline styles, so the page's CSP allows them.
 */
import type { PublicComponent } from "../types";
import { esc } from "./escape";
import { formatUtc } from "./format";

const WIDTH = 480;
const HEIGHT = 120;

/** A round top for the scale: 1, 2 or 5 times a power of ten, at least the highest value. */
function scaleTop(max: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(max, 1)));
  return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= max) ?? 10 * power;
}

export function responseTimeSection(component: PublicComponent): string {
  const hours = component.responseTime?.hours;
  if (!hours?.length) return "";
  const values = hours.map((h) => h.ms).filter((v): v is number => v !== null);
  if (values.length === 0) return "";
  const top = scaleTop(Math.max(...values));
  const x = (i: number) => (hours.length === 1 ? WIDTH / 2 : (i / (hours.length - 1)) * WIDTH);
  const y = (ms: number) => HEIGHT - (ms / top) * HEIGHT;
  // One polyline per run of measured hours, so a gap is drawn as a gap.
  const runs: string[][] = [[]];
  hours.forEach((h, i) => {
    if (h.ms === null) runs.push([]);
    else runs[runs.length - 1].push(`${x(i).toFixed(1)},${y(h.ms).toFixed(1)}`);
  });
  const lines = runs
    .filter((r) => r.length > 0)
    .map((r) =>
      r.length === 1
        ? `<circle cx="${r[0].split(",")[0]}" cy="${r[0].split(",")[1]}" r="3" fill="currentColor"/>`
        : `<polyline points="${r.join(" ")}" fill="none" stroke="currentColor" stroke-width="2"/>`,
    )
    .join("");
  const mean = Math.round(values.reduce((a, b) => a + b, 0) / values.length);
  const rows = hours
    .filter((h) => h.ms !== null)
    .map((h) => `<tr><td>${esc(formatUtc(h.at))}</td><td>${h.ms} ms</td></tr>`)
    .join("");
  return (
    `<section aria-labelledby="h-response"><h2 id="h-response">Response time, last 24 hours</h2>` +
    `<p class="note">Mean per hour of the checks that call it: ${mean} ms over the day.</p>` +
    `<figure class="response-time"><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" aria-hidden="true" focusable="false">` +
    `<line x1="0" y1="${HEIGHT}" x2="${WIDTH}" y2="${HEIGHT}" stroke="currentColor" stroke-opacity="0.3"/>${lines}</svg>` +
    `<figcaption class="legend"><span>24 h ago</span><span>scale 0 to ${top} ms</span><span>Now</span></figcaption></figure>` +
    `<table class="sr-only"><caption>Mean response time per hour</caption><thead><tr><th scope="col">Hour (UTC)</th><th scope="col">Mean</th></tr></thead><tbody>${rows}</tbody></table></section>`
  );
}
