import { describe, expect, it } from "vitest";
import { renderBadge, textWidth } from "./badge";
import { stripForbidden } from "./escape";
import { HOSTILE } from "./fixture.test-support";
import { byName, parseXml, textContent } from "./markup.test-support";
import { STATUS_COLOURS } from "./palette";

const width = (svg: string) => Number(parseXml(svg).attrs.width);

describe("renderBadge", () => {
  it("is an SVG image named for assistive technology: label and status", () => {
    const svg = parseXml(renderBadge("api", "partial_outage"));
    expect(svg.attrs).toMatchObject({ role: "img", "aria-label": "api: partial outage" });
    expect(textContent(byName(svg, "title")[0])).toBe("api: partial outage");
    expect(byName(svg, "text").map(textContent)).toEqual(["api", "partial outage"]);
  });

  it("puts the status on its own colour", () => {
    for (const status of ["operational", "major_outage", "under_maintenance"] as const) {
      const rects = byName(parseXml(renderBadge("x", status)), "rect");
      expect(rects.map((r) => r.attrs.fill)).toContain(STATUS_COLOURS[status].light);
    }
  });

  it("grows with the label", () => {
    expect(width(renderBadge("api", "operational"))).toBeLessThan(
      width(renderBadge("public api", "operational")),
    );
    expect(width(renderBadge("public api", "operational"))).toBeLessThan(
      width(renderBadge("public api and webhooks", "operational")),
    );
    expect(textWidth("WWW")).toBeGreaterThan(textWidth("iii"));
  });

  it("escapes a hostile label and still parses", () => {
    const raw = renderBadge(HOSTILE, "operational");
    expect(raw).not.toContain("<script");
    expect(raw).not.toMatch(/[\u0000-\u0008\u000b\u001b\ufffe]/);
    const svg = parseXml(raw);
    expect(byName(svg, "text").map(textContent)[0]).toBe(stripForbidden(HOSTILE));
    expect(Object.keys(svg.attrs).some((a) => a.startsWith("on"))).toBe(false);
  });
});
