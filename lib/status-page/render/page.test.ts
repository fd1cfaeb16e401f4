import { describe, expect, it } from "vitest";
import { stripForbidden } from "./escape";
import { buildSnapshot, HOSTILE } from "./fixture.test-support";
import {
  byName,
  cspProblems,
  elements,
  hasClass,
  parseXml,
  textContent,
  type XmlElement,
} from "./markup.test-support";
import { renderPage } from "./page";
import type { RenderOptions } from "./layout";

const opts: RenderOptions = {
  basePath: "/status/customers",
  assetsPath: "/status/_assets",
  subscribe: { email: true, webhook: true },
};

const page = (html: string) => parseXml(html);
const componentItem = (doc: XmlElement, name: string) =>
  byName(doc, "li").find(
    (li) => hasClass(li, "component") && byName(li, "a")[0] && textContent(li).startsWith(name),
  )!;

describe("renderPage with hostile text in every field", () => {
  const snapshot = buildSnapshot({ hostile: true });
  const html = renderPage(snapshot, opts);

  it("never lets the text become markup, and keeps it readable", () => {
    expect(html).not.toContain("<script>alert");
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe]/);
    const text = textContent(page(html));
    const shown = [
      snapshot.page.title,
      snapshot.page.description!,
      snapshot.overall.text,
      snapshot.incidents[0].title,
      snapshot.incidents[0].updates[0].text,
      snapshot.history[0].title,
      snapshot.history[0].updates[1].text,
      snapshot.maintenance[0].title,
      snapshot.maintenance[0].description!,
      snapshot.components[0].name,
      snapshot.components[0].description!,
      snapshot.components[2].children![1].name,
    ];
    for (const value of shown) expect(text).toContain(stripForbidden(value));
  });

  it("has no inline script or style, no event handlers and no javascript: URLs (the CSP relies on it)", () => {
    expect(cspProblems(html)).toEqual([]);
    expect(html).toContain('<script src="/status/_assets/status.js" defer=""></script>');
  });

  it("drops a logo with a script URL and an accent that is not a hex colour", () => {
    const doc = page(html);
    expect(byName(doc, "img")).toHaveLength(0);
    expect(html).not.toContain('name="theme-color"');
  });

  it("keeps hostile ids inside their path segment and element id", () => {
    const links = byName(page(html), "a").map((a) => a.attrs.href);
    const api = links.find((href) => href.startsWith("/status/customers/components/api"))!;
    expect(api).not.toMatch(/[\s<>"]/);
    expect(decodeURIComponent(api.split("/").pop()!)).toBe(stripForbidden(snapshot.components[0].id));
  });

  it("shows a date it cannot read as text rather than as a <time>", () => {
    expect(textContent(page(html))).toContain(stripForbidden(snapshot.incidents[0].updates[2].at));
  });
});

describe("renderPage", () => {
  const snapshot = buildSnapshot();
  const html = renderPage(snapshot, opts);
  const doc = page(html);

  it("is an accessible HTML5 document: lang, viewport, landmarks, one h1, headings in order", () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(byName(doc, "meta").some((m) => m.attrs.name === "viewport")).toBe(true);
    for (const landmark of ["header", "main", "footer"]) expect(byName(doc, landmark)).toHaveLength(1);
    const levels = elements(doc)
      .filter((e) => /^h[1-6]$/.test(e.name))
      .map((e) => Number(e.name[1]));
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    levels.forEach((level, i) => expect(level - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1));
  });

  it("links the stylesheet, the script and the feeds", () => {
    const links = byName(doc, "link").map((l) => `${l.attrs.rel} ${l.attrs.type ?? ""} ${l.attrs.href}`);
    expect(links).toContain("stylesheet  /status/_assets/status.css");
    expect(links).toContain("alternate application/atom+xml /status/customers/feed.atom");
    const footer = byName(doc, "footer")[0];
    expect(byName(footer, "a").map((a) => a.attrs.href)).toEqual([
      "/status/customers/feed.atom",
      "/status/customers/feed.rss",
      "/status/customers/feed.json",
      "/status/customers/api/status.json",
    ]);
    const elsewhere = renderPage(snapshot, { ...opts, feedsPath: "/feeds/customers" });
    expect(elsewhere).toContain('href="/feeds/customers/feed.atom"');
  });

  it("carries the accent colour without inline styles: theme-color and an SVG fill", () => {
    expect(html).toContain('<meta name="theme-color" content="#5b21b6" />');
    expect(byName(byName(doc, "header")[0], "rect")[0].attrs.fill).toBe("#5b21b6");
  });

  it("states the overall status in words, coloured by status", () => {
    const banner = byName(doc, "section").find((s) => hasClass(s, "banner"))!;
    expect(hasClass(banner, "st-degraded_performance")).toBe(true);
    expect(textContent(banner)).toContain("Some systems are degraded");
    expect(textContent(banner)).toContain("Degraded performance");
  });

  it("lists an active incident's updates newest first with machine-readable times and a UTC fallback", () => {
    const incident = byName(doc, "article").find((a) => a.attrs.id === "incident-42")!;
    const text = textContent(incident);
    expect(text.indexOf("Third")).toBeLessThan(text.indexOf("Second"));
    expect(text.indexOf("Second")).toBeLessThan(text.indexOf("First"));
    expect(text).toContain("Affects: Web app, Public API");
    expect(text).toContain("Degraded performance");
    const time = byName(incident, "time").find((t) => t.attrs.datetime === "2026-12-07T14:02:00.000Z")!;
    expect(textContent(time)).toBe("7 Dec 2026, 14:02 UTC");
    expect(hasClass(time, "local")).toBe(true);
  });

  it("shows ongoing and scheduled maintenance before recently completed windows", () => {
    const text = textContent(byName(doc, "section").find((s) => hasClass(s, "maintenance-list"))!);
    expect(text).toContain("Network upgrade");
    expect(text).toMatch(/From 7 Dec 2026, 12:00 UTC until ended/);
    expect(text).toContain("10 Dec 2026, 02:00 UTC – 10 Dec 2026, 03:00 UTC");
    expect(text.indexOf("Database upgrade")).toBeLessThan(text.indexOf("Recently completed"));
    expect(text.indexOf("Recently completed")).toBeLessThan(text.indexOf("Cache resize"));
  });

  it("opens a group with a degraded child and leaves an all-operational group closed", () => {
    expect(html).toMatch(/<details open="">(?:(?!<\/summary>).)*Website/);
    expect(html).toMatch(/<details>(?:(?!<\/summary>).)*Data stores/);
    const allFine = buildSnapshot();
    allFine.components[1].children!.forEach((c) => (c.status = "operational"));
    expect(renderPage(allFine, opts)).not.toContain("<details open");
  });

  it("draws 90 day bars whose tooltips name that day's incidents", () => {
    const api = componentItem(doc, "Public API");
    const rects = byName(byName(api, "svg")[0], "rect");
    expect(rects).toHaveLength(90);
    const titles = rects.map((r) => textContent(byName(r, "title")[0]));
    expect(titles[89]).toContain("7 Dec 2026: Degraded performance");
    expect(titles[89]).toContain("Incidents: Slow checkout");
    expect(titles[84]).toMatch(
      /2 Dec 2026: Partial outage\n99\.1 % uptime\nPartial outage: 12 min\nIncidents: Database failover/,
    );
    expect(rects[84].attrs.class).toBe("st-partial_outage");
    const cache = byName(componentItem(doc, "Cache"), "rect");
    expect(cache[0].attrs.class).toBe("st-none");
    expect(textContent(byName(cache[0], "title")[0])).toContain("No data");
  });

  it("gives each component a link, a legend and a screen-reader summary", () => {
    const api = componentItem(doc, "Public API");
    expect(byName(api, "a")[0].attrs.href).toBe("/status/customers/components/api");
    const legend = byName(api, "p").find((p) => hasClass(p, "legend"))!;
    const wide = legend.children.filter((span) => !hasClass(span, "d30")).map(textContent);
    expect(wide.join(" ")).toBe("90 days ago · 99.95 % uptime · Today");
    const summary = byName(api, "p").find((p) => hasClass(p, "sr-only"))!;
    expect(textContent(summary)).toBe(
      "Public API: Degraded performance. 99.95 % uptime over the last 90 days. " +
        "Days with problems, newest first: 7 Dec 2026 (Degraded performance); 2 Dec 2026 (Partial outage: 12 min).",
    );
    expect(html).toContain(
      "Uptime counts major outage fully and partial outage at 30 %; time under maintenance is left out.",
    );
  });

  it("groups past incidents by day with their updates folded", () => {
    const past = byName(doc, "section").find((s) => hasClass(s, "history"))!;
    const day = byName(past, "section")[0];
    expect(textContent(byName(day, "h3")[0])).toBe("2 Dec 2026");
    expect(textContent(byName(day, "summary")[0])).toBe("2 updates");
    expect(byName(day, "details")[0].attrs.open).toBeUndefined();
  });

  it("offers a subscribe form that works without JavaScript, only when enabled", () => {
    const form = byName(doc, "form")[0];
    expect(form.attrs).toMatchObject({ method: "post", action: "/status/customers/subscribe" });
    expect(byName(form, "input").map((i) => `${i.attrs.name}:${i.attrs.type}`)).toEqual([
      "email:email",
      "webhook:url",
    ]);
    const emailOnly = page(renderPage(snapshot, { ...opts, subscribe: { email: true, webhook: false } }));
    expect(byName(emailOnly, "input").map((i) => [i.attrs.name, i.attrs.required])).toEqual([["email", ""]]);
    expect(renderPage(snapshot, { ...opts, subscribe: undefined })).not.toContain("<form");
  });

  it("ends with the time of the data, marked for the relative refresh", () => {
    const time = byName(byName(doc, "footer")[0], "time")[0];
    expect(time.attrs).toMatchObject({ class: "local ago", datetime: snapshot.generatedAt });
  });
});

describe("renderPage edge cases", () => {
  it("says so when there are no past incidents and leaves out empty sections", () => {
    const quiet = { ...buildSnapshot(), incidents: [], history: [], maintenance: [] };
    const html = renderPage(quiet, opts);
    expect(html).toContain("No incidents in the last 90 days.");
    expect(html).not.toContain("Active incidents");
    expect(html).not.toContain('id="h-maint"');
  });

  it("counts past incidents' days in the page's time zone", () => {
    const snapshot = buildSnapshot();
    snapshot.page.timeZone = "America/Los_Angeles";
    snapshot.history[0].startedAt = "2026-12-02T03:00:00.000Z";
    const past = byName(page(renderPage(snapshot, opts)), "section").find((s) => hasClass(s, "history"))!;
    expect(textContent(byName(past, "h3")[0])).toBe("1 Dec 2026");
  });

  it(`escapes the hostile marker once, however it is nested (${JSON.stringify(HOSTILE.slice(0, 8))}…)`, () => {
    const html = renderPage(buildSnapshot({ hostile: true }), opts);
    expect(html).not.toContain("&amp;amp;amp;");
    expect(html).toContain("&amp;amp;");
  });
});
