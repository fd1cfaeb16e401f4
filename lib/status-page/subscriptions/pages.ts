import { esc, segment } from "../render/escape";
import { ASSETS_DIR } from "../store";

/**
 * The small pages of the subscription flow (signed up, confirm, unsubscribe, refused): no
 * script, the status page's stylesheet, every text escaped. Pure.
 */

export interface FlowPage {
  pageId: string;
  pageTitle: string;
  heading: string;
  paragraphs: string[];
  /** A button that POSTs the token back (links in mail are followed by scanners: only a POST acts). */
  form?: { action: string; token: string; button: string };
  /** Shown as an alert (a refusal). */
  alert?: boolean;
}

export function flowHtml(p: FlowPage): string {
  const back = `/status/${segment(p.pageId)}`;
  const paragraphs = p.paragraphs
    .map((t, i) => `<p${p.alert && i === 0 ? ' role="alert" class="error"' : ""}>${esc(t)}</p>`)
    .join("");
  const form = p.form
    ? `<form method="post" action="${esc(p.form.action)}"><input type="hidden" name="token" value="${esc(p.form.token)}" />` +
      `<p><button type="submit">${esc(p.form.button)}</button></p></form>`
    : "";
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />` +
    `<meta name="robots" content="noindex" /><title>${esc(p.heading)} · ${esc(p.pageTitle)}</title>` +
    `<link rel="stylesheet" href="/status/${ASSETS_DIR}/status.css" /></head><body>` +
    `<main id="main" class="container"><p class="site-title"><a href="${esc(back)}">${esc(p.pageTitle)}</a></p>` +
    `<h1>${esc(p.heading)}</h1>${paragraphs}${form}<p class="back"><a href="${esc(back)}">Back to the status page</a></p></main></body></html>\n`
  );
}
