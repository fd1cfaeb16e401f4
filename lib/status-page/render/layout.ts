/**
 * The document around a status page: head (stylesheet, script, feed links), header, footer
 * with feed links and the no-JavaScript subscribe form. CSP-safe: no inline style or script,
 * no event-handler attributes; the accent colour travels in an SVG fill and theme-color.
 */
import type { PublicSnapshot } from "../types";
import { esc, hexColour, logoHref } from "./escape";
import { timeTag } from "./format";

export interface RenderOptions {
  /** Where the page lives, e.g. "/status/customers". */
  basePath: string;
  /** Where status.css and status.js are served, e.g. "/status/_assets". */
  assetsPath: string;
  /** Where feed.atom, feed.rss, feed.json and api/status.json are served; basePath by default. */
  feedsPath?: string;
  /** Which subscription fields the form offers; no form when neither. */
  subscribe?: { email: boolean; webhook: boolean };
}

const feeds = (opts: RenderOptions) => opts.feedsPath ?? opts.basePath;

function head(snapshot: PublicSnapshot, opts: RenderOptions, title: string): string {
  const { page } = snapshot;
  const accent = hexColour(page.accent);
  const f = esc(feeds(opts));
  const name = esc(page.title);
  return (
    `<head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />` +
    `<meta name="color-scheme" content="light dark" /><title>${esc(title)}</title>` +
    (page.description ? `<meta name="description" content="${esc(page.description)}" />` : "") +
    (accent ? `<meta name="theme-color" content="${accent}" />` : "") +
    `<link rel="stylesheet" href="${esc(opts.assetsPath)}/status.css" />` +
    `<link rel="alternate" type="application/atom+xml" title="${name} (Atom)" href="${f}/feed.atom" />` +
    `<link rel="alternate" type="application/rss+xml" title="${name} (RSS)" href="${f}/feed.rss" />` +
    `<link rel="alternate" type="application/feed+json" title="${name} (JSON Feed)" href="${f}/feed.json" />` +
    `<script src="${esc(opts.assetsPath)}/status.js" defer=""></script></head>`
  );
}

/** The page header; the page title is the h1 on the main page and a link home elsewhere. */
function header(snapshot: PublicSnapshot, opts: RenderOptions, titleIsH1: boolean): string {
  const { page } = snapshot;
  const accent = hexColour(page.accent);
  const logo = logoHref(page.logoUrl, opts.assetsPath);
  const title = titleIsH1
    ? `<h1>${esc(page.title)}</h1>`
    : `<p class="site-title"><a href="${esc(opts.basePath)}">${esc(page.title)}</a></p>`;
  return (
    `<header class="site">` +
    (accent
      ? `<svg class="accent" viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width="100" height="1" fill="${accent}" /></svg>`
      : "") +
    `<div class="brand">${logo ? `<img class="logo" src="${esc(logo)}" alt="" />` : ""}${title}</div>` +
    (page.description && titleIsH1 ? `<p class="desc">${esc(page.description)}</p>` : "") +
    `</header>`
  );
}

function subscribeForm(opts: RenderOptions): string {
  const { email = false, webhook = false } = opts.subscribe ?? {};
  if (!email && !webhook) return "";
  // With both fields neither can be required; the handler accepts either.
  const required = email && webhook ? "" : ' required=""';
  const field = (id: string, label: string, input: string) =>
    `<p class="field"><label for="${id}">${label}</label><input id="${id}" ${input}${required} /></p>`;
  return (
    `<section class="subscribe" aria-labelledby="h-subscribe"><h2 id="h-subscribe">Subscribe to updates</h2>` +
    `<form method="post" action="${esc(opts.basePath)}/subscribe">` +
    (email ? field("sub-email", "Email address", 'type="email" name="email" autocomplete="email"') : "") +
    (webhook ? field("sub-webhook", "Webhook URL", 'type="url" name="webhook" placeholder="https://"') : "") +
    (email && webhook ? `<p class="hint">Fill in either field, or both.</p>` : "") +
    `<p><button type="submit">Subscribe</button></p></form></section>`
  );
}

function footer(snapshot: PublicSnapshot, opts: RenderOptions): string {
  const f = esc(feeds(opts));
  const links: [string, string][] = [
    ["feed.atom", "Atom feed"],
    ["feed.rss", "RSS feed"],
    ["feed.json", "JSON Feed"],
    ["api/status.json", "JSON API"],
  ];
  return (
    `<footer class="site"><p>Last updated ${timeTag(snapshot.generatedAt, "local ago")}</p>` +
    (snapshot.incidentsAsOf
      ? `<p class="hint">Incident information as of ${timeTag(snapshot.incidentsAsOf)}: newer updates could not be read; component status is current.</p>`
      : "") +
    `<nav aria-label="Feeds and API"><ul class="links">` +
    links.map(([path, label]) => `<li><a href="${f}/${path}">${label}</a></li>`).join("") +
    `</ul></nav>${subscribeForm(opts)}</footer>`
  );
}

/** A whole HTML5 document; `main` is already-escaped markup. */
export function documentShell(
  snapshot: PublicSnapshot,
  opts: RenderOptions,
  parts: { title: string; main: string; titleIsH1: boolean },
): string {
  return (
    `<!DOCTYPE html>\n<html lang="en">${head(snapshot, opts, parts.title)}<body>` +
    `<a class="skip" href="#main">Skip to content</a>${header(snapshot, opts, parts.titleIsH1)}` +
    `<main id="main">${parts.main}</main>${footer(snapshot, opts)}</body></html>\n`
  );
}
