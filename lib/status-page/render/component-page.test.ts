import { describe, expect, it } from "vitest";
import { stripForbidden } from "./escape";
import { buildSnapshot } from "./fixture.test-support";
import type { RenderOptions } from "./layout";
import { byName, cspProblems, hasClass, parseXml, textContent } from "./markup.test-support";
import { renderComponentPage } from "./page";

const opts: RenderOptions = { basePath: "/status/customers", assetsPath: "/status/_assets" };

describe("renderComponentPage", () => {
  const snapshot = buildSnapshot();

  it("returns null for an id the page does not have", () => {
    for (const id of ["nope", "", "constructor", "__proto__", "API"]) {
      expect(renderComponentPage(snapshot, id, opts)).toBeNull();
    }
  });

  it("finds a child of a group and shows its status, larger bar and a way back", () => {
    const doc = parseXml(renderComponentPage(snapshot, "web-app", opts)!);
    expect(byName(doc, "h1").map(textContent)).toEqual(["Web app"]);
    expect(byName(doc, "title").map(textContent)[0]).toBe("Web app · Acme status");
    expect(textContent(doc)).toContain("Current status: Degraded performance");
    const main = byName(doc, "main")[0];
    expect(byName(main, "a")[0].attrs.href).toBe("/status/customers");
    const bar = byName(main, "div").find((d) => hasClass(d, "bar"))!;
    expect(hasClass(bar, "large")).toBe(true);
    expect(byName(bar, "rect")).toHaveLength(90);
  });

  it("lists only the incidents that name the component", () => {
    const text = textContent(parseXml(renderComponentPage(snapshot, "web-app", opts)!));
    expect(text).toContain("Slow checkout");
    expect(text).not.toContain("Database failover");
    const db = textContent(parseXml(renderComponentPage(snapshot, "db", opts)!));
    expect(db).toContain("Database failover");
    expect(db).not.toContain("Slow checkout");
  });

  it("shows a group's children and the incidents of any of them", () => {
    const doc = parseXml(renderComponentPage(snapshot, "data", opts)!);
    const names = byName(doc, "a").filter((a) => hasClass(a, "name"));
    expect(names.map((a) => a.attrs.href)).toEqual([
      "/status/customers/components/db",
      "/status/customers/components/cache",
    ]);
    expect(textContent(doc)).toContain("Database failover");
  });

  it("escapes hostile text and stays CSP-safe", () => {
    const hostile = buildSnapshot({ hostile: true });
    const child = hostile.components[1].children![0];
    const html = renderComponentPage(hostile, child.id, opts)!;
    expect(html).not.toContain("<script>alert");
    expect(cspProblems(html)).toEqual([]);
    expect(textContent(byName(parseXml(html), "h1")[0])).toBe(stripForbidden(child.name));
  });
});
