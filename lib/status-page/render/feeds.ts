/**
 * Atom 1.0, RSS 2.0 and JSON Feed 1.1 for a status page. Every text goes through esc() (which
 * also drops the characters XML 1.0 forbids); entry HTML is escaped once for HTML, then for XML.
 */
import type { PublicSnapshot } from "../types";
import { esc, safeJson, stripForbidden } from "./escape";
import { feedEntries, feedsOf, latest, siteOf, type FeedOptions } from "./feed-entries";

const XML_DECLARATION = `<?xml version="1.0" encoding="utf-8"?>\n`;

function feedTitle(snapshot: PublicSnapshot): string {
  return stripForbidden(snapshot.page.title);
}

function feedDescription(snapshot: PublicSnapshot): string {
  return stripForbidden(snapshot.page.description ?? "") || `Status of ${feedTitle(snapshot)}`;
}

export function renderAtom(snapshot: PublicSnapshot, opts: FeedOptions): string {
  const site = esc(siteOf(opts));
  const updated = latest([snapshot.generatedAt], new Date(0).toISOString());
  const entries = feedEntries(snapshot, opts).map(
    (e) =>
      `<entry><id>${esc(e.id)}</id><title type="text">${esc(e.title)}</title>` +
      `<link rel="alternate" type="text/html" href="${esc(e.url)}" />` +
      `<published>${e.published}</published><updated>${e.updated}</updated>` +
      `<content type="html">${esc(e.html)}</content></entry>\n`,
  );
  return (
    XML_DECLARATION +
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n` +
    `<id>${site}</id><title type="text">${esc(feedTitle(snapshot))}</title>` +
    `<subtitle type="text">${esc(feedDescription(snapshot))}</subtitle>` +
    `<link rel="alternate" type="text/html" href="${site}" />` +
    `<link rel="self" type="application/atom+xml" href="${esc(feedsOf(opts))}/feed.atom" />` +
    `<updated>${updated}</updated><author><name>${esc(feedTitle(snapshot))}</name></author>\n` +
    entries.join("") +
    `</feed>\n`
  );
}

/** RFC 822 dates, as RSS wants them ("Mon, 07 Dec 2026 14:02:00 GMT"). */
const rfc822 = (iso: string) => new Date(iso).toUTCString();

export function renderRss(snapshot: PublicSnapshot, opts: FeedOptions): string {
  const site = esc(siteOf(opts));
  const updated = latest([snapshot.generatedAt], new Date(0).toISOString());
  const items = feedEntries(snapshot, opts).map(
    (e) =>
      `<item><title>${esc(e.title)}</title><link>${esc(e.url)}</link>` +
      `<guid isPermaLink="false">${esc(e.id)}</guid><pubDate>${rfc822(e.updated)}</pubDate>` +
      `<description>${esc(e.html)}</description></item>\n`,
  );
  return (
    XML_DECLARATION +
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>\n` +
    `<title>${esc(feedTitle(snapshot))}</title><link>${site}</link>` +
    `<description>${esc(feedDescription(snapshot))}</description><language>en</language>` +
    `<lastBuildDate>${rfc822(updated)}</lastBuildDate>` +
    `<atom:link rel="self" type="application/rss+xml" href="${esc(feedsOf(opts))}/feed.rss" />\n` +
    items.join("") +
    `</channel></rss>\n`
  );
}

export function renderJsonFeed(snapshot: PublicSnapshot, opts: FeedOptions): string {
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: feedTitle(snapshot),
    home_page_url: siteOf(opts),
    feed_url: `${feedsOf(opts)}/feed.json`,
    description: feedDescription(snapshot),
    language: "en",
    authors: [{ name: feedTitle(snapshot) }],
    items: feedEntries(snapshot, opts).map((e) => ({
      id: e.id,
      url: e.url,
      title: e.title,
      content_html: e.html,
      content_text: e.text,
      date_published: e.published,
      date_modified: e.updated,
    })),
  };
  return `${safeJson(feed)}\n`;
}
