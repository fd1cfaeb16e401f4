import { describe, expect, it } from "vitest";
import { stripForbidden } from "./escape";
import { renderAtom, renderJsonFeed, renderRss } from "./feeds";
import { buildSnapshot, NOW } from "./fixture.test-support";
import { byName, parseXml, textContent, type XmlElement } from "./markup.test-support";

const siteUrl = "https://status.example.com/status/customers";
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const child = (el: XmlElement, name: string) => textContent(byName(el, name)[0]);

describe("renderAtom", () => {
  const snapshot = buildSnapshot();
  const feed = parseXml(renderAtom(snapshot, { siteUrl }));
  const entries = byName(feed, "entry");

  it("is well-formed Atom with one entry per incident and maintenance window", () => {
    expect(feed.name).toBe("feed");
    expect(feed.attrs.xmlns).toBe("http://www.w3.org/2005/Atom");
    expect(entries).toHaveLength(
      snapshot.incidents.length + snapshot.history.length + snapshot.maintenance.length,
    );
  });

  it("uses stable ids from the site URL, the latest update as updated and generatedAt for the feed", () => {
    expect(entries.map((e) => child(e, "id")).sort()).toEqual(
      [
        `${siteUrl}#incident-41`,
        `${siteUrl}#incident-42`,
        `${siteUrl}#maintenance-m-done`,
        `${siteUrl}#maintenance-m-ongoing`,
        `${siteUrl}#maintenance-m-scheduled`,
      ].sort(),
    );
    const open = entries.find((e) => child(e, "id").endsWith("#incident-42"))!;
    expect(child(open, "updated")).toBe("2026-12-07T14:02:00.000Z");
    expect(child(open, "published")).toBe("2026-12-07T13:00:00.000Z");
    expect(textContent(byName(feed, "updated")[0])).toBe(NOW);
    expect(renderAtom(snapshot, { siteUrl: `${siteUrl}/` })).toContain(`<id>${siteUrl}#incident-42</id>`);
    const self = byName(
      parseXml(renderAtom(snapshot, { siteUrl, feedsUrl: "https://feeds.example.com/c" })),
      "link",
    );
    expect(self.find((l) => l.attrs.rel === "self")!.attrs.href).toBe(
      "https://feeds.example.com/c/feed.atom",
    );
  });

  it("lists an incident's updates, newest first, as HTML content", () => {
    const open = entries.find((e) => child(e, "id").endsWith("#incident-42"))!;
    const content = byName(open, "content")[0];
    expect(content.attrs.type).toBe("html");
    const html = textContent(content);
    expect(html).toContain(
      "<strong>Identified · 7 Dec 2026, 14:02 UTC</strong><br />Third: a fix is rolling out.<br />Eta 15 min.",
    );
    expect(html.indexOf("Third")).toBeLessThan(html.indexOf("First"));
  });
});

describe("feeds with hostile text in every field", () => {
  const snapshot = buildSnapshot({ hostile: true });
  const title = stripForbidden(snapshot.incidents[0].title);

  it("Atom: parses, keeps titles as text and the content's HTML escaped once more", () => {
    const xml = renderAtom(snapshot, { siteUrl });
    expect(xml).not.toMatch(FORBIDDEN);
    expect(xml).not.toContain("<script");
    const feed = parseXml(xml);
    expect(byName(feed, "title").map(textContent)).toContain(title);
    const content = byName(feed, "content").map(textContent).join("");
    expect(content).not.toContain("<script");
    expect(content).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("RSS: parses, one item per entry, RFC 822 dates", () => {
    const xml = renderRss(snapshot, { siteUrl });
    expect(xml).not.toMatch(FORBIDDEN);
    expect(xml).not.toContain("<script");
    const rss = parseXml(xml);
    const items = byName(rss, "item");
    expect(items).toHaveLength(
      snapshot.incidents.length + snapshot.history.length + snapshot.maintenance.length,
    );
    expect(items.map((i) => child(i, "title"))).toContain(title);
    expect(items.map((i) => child(i, "pubDate"))).toContain("Mon, 07 Dec 2026 14:02:00 GMT");
    expect(textContent(byName(rss, "description")[1])).not.toContain("<script");
  });

  it("JSON Feed 1.1: parses, titles round-trip, HTML escaped, nothing markup-like in the raw text", () => {
    const raw = renderJsonFeed(snapshot, { siteUrl });
    expect(raw).not.toMatch(/[<>]/);
    const feed = JSON.parse(raw);
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.home_page_url).toBe(siteUrl);
    expect(feed.feed_url).toBe(`${siteUrl}/feed.json`);
    expect(feed.items).toHaveLength(
      snapshot.incidents.length + snapshot.history.length + snapshot.maintenance.length,
    );
    const open = feed.items.find((i: { title: string }) => i.title === title);
    expect(open.id).toMatch(new RegExp(`^${siteUrl}#incident-42%20`));
    expect(open.content_html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(open.content_html).not.toContain("<script");
    expect(open.content_text).toContain(stripForbidden(snapshot.incidents[0].updates[0].text));
    expect(JSON.stringify(feed)).not.toMatch(FORBIDDEN);
  });
});
