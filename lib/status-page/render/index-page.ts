/** The index of the public status pages (/status/pages): each with its headline and a link. */
import type { ComponentStatus } from "../types";
import { esc } from "./escape";
import { timeTag } from "./format";
import { statusClass, statusLabel } from "./palette";

export interface IndexEntry {
  id: string;
  title: string;
  description?: string;
  status: ComponentStatus;
  text: string;
}

export function renderIndex(
  entries: readonly IndexEntry[],
  opts: { assetsPath: string; publishedAt: string },
): string {
  const items = entries
    .map(
      (e) =>
        `<li class="component"><div class="row"><a class="name" href="/status/${esc(e.id)}">${esc(e.title)}</a> ` +
        `<span class="st-text ${statusClass(e.status)}">${esc(e.text || statusLabel(e.status))}</span></div>` +
        (e.description ? `<p class="desc">${esc(e.description)}</p>` : "") +
        `</li>`,
    )
    .join("");
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />` +
    `<meta name="color-scheme" content="light dark" /><title>Status pages</title>` +
    `<link rel="stylesheet" href="${esc(opts.assetsPath)}/status.css" />` +
    `<script src="${esc(opts.assetsPath)}/status.js" defer=""></script></head><body>` +
    `<a class="skip" href="#main">Skip to content</a><header class="site"><h1>Status pages</h1></header>` +
    `<main id="main">` +
    (entries.length
      ? `<ul class="components">${items}</ul>`
      : `<p>No public status page is published here.</p>`) +
    `</main><footer class="site"><p>Last updated ${timeTag(opts.publishedAt, "local ago")}</p></footer></body></html>\n`
  );
}
