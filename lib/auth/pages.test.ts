import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PAGES, pageFor } from "./pages";

const CONSOLE = path.resolve(__dirname, "../../app/(console)");

/** Every page.tsx under app/(console), as its route ("/services/[id]"). */
function consolePages(dir = CONSOLE, prefix = ""): { route: string; file: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      const segment = /^\(.*\)$/.test(name) ? "" : `/${name}`;
      return consolePages(full, prefix + segment);
    }
    return name === "page.tsx" ? [{ route: prefix || "/", file: full }] : [];
  });
}

describe("the console's page table (lib/auth/pages.ts)", () => {
  const found = consolePages();

  it("has exactly one entry per page in app/(console), and no entry for a page that is gone", () => {
    expect(found.length).toBeGreaterThan(5);
    expect(found.map((p) => p.route).sort()).toEqual(PAGES.map((p) => p.route).sort());
  });

  it("is enforced by each page: its first check is requirePage with its own route", () => {
    for (const { route, file } of found) {
      expect(readFileSync(file, "utf8"), file).toContain(`requirePage("${route}")`);
    }
  });

  it("finds the entry for a browser path", () => {
    expect(pageFor("/services/web")?.route).toBe("/services/[id]");
    expect(pageFor("/audit/")?.permission).toBe("audit.read");
    expect(pageFor("/audit/verify")?.permission).toBe("audit.verify");
    expect(pageFor("/nowhere")).toBeUndefined();
  });
});
