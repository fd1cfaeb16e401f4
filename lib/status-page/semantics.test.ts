import { describe, expect, it } from "vitest";
import { formatConfigError } from "@/lib/catalog/config-error";
import { parseConfig } from "@/lib/catalog/load-config";

/** A status page config that cannot work is refused where it is wrong: file, line and column. */

const lines = (...l: string[]) => `${l.join("\n")}\n`;
const base = [
  "version: 1",
  "settings: { discoverContainers: false }",
  "services:",
  "  - id: checkout-api",
  "  - id: search",
  "statusPages:",
];

function errors(text: string): string[] {
  const r = parseConfig(text, "opsdeck.yml");
  return r.ok ? [] : r.errors.map(formatConfigError);
}

describe("statusPages config", () => {
  it("names an unknown service with a did-you-mean, at its line and column", () => {
    expect(
      errors(
        lines(
          ...base,
          "  - id: public",
          "    title: Acme",
          "    components:",
          "      - { name: Checkout, services: [checkout-apl] }",
        ),
      ),
    ).toEqual([
      expect.stringMatching(
        /^opsdeck\.yml:10:\d+: statusPages\[0\]\.components\[0\]\.services\[0\]: unknown service "checkout-apl" \(did you mean `checkout-api`\?\)/,
      ),
    ]);
  });

  it("refuses two pages with one id, two default pages and a component id written twice", () => {
    const page = (id: string, extra: string[] = []) => [
      `  - id: ${id}`,
      "    title: Acme",
      ...extra,
      "    components:",
      "      - { id: shop, name: Checkout, services: [checkout-api] }",
    ];
    const out = errors(
      lines(
        ...base,
        ...page("public", ["    default: true"]),
        ...page("public"),
        ...page("partners", ["    default: true"]),
        "      - { id: shop, name: Search, services: [search] }",
      ),
    );
    expect(out).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/statusPages\[1\]\.id: duplicate status page id "public"/),
        expect.stringMatching(/statusPages\[2\]\.default: only one page can be the default/),
        expect.stringMatching(
          /statusPages\[2\]\.components\[1\]\.id: component id "shop" is already used on this page/,
        ),
      ]),
    );
  });

  it("refuses a bad page id, a logo that is not https and a short password, with what was expected", () => {
    const out = errors(
      lines(
        ...base,
        "  - id: Public Page",
        "    title: Acme",
        "    logo: http://cdn.example.com/logo.png",
        "    access: { password: short }",
        "    components:",
        "      - { name: Checkout, services: [checkout-api] }",
      ),
    );
    expect(out.join("\n")).toMatch(/statusPages\[0\]\.id: expected lowercase letters/);
    expect(out.join("\n")).toMatch(/statusPages\[0\]\.logo: expected an https:\/\/ URL/);
    expect(out.join("\n")).toMatch(/statusPages\[0\]\.access.*at least 8 characters/);
    expect(
      errors(
        lines(
          ...base,
          "  - id: pages",
          "    title: Acme",
          "    components:",
          "      - { name: A, services: [search] }",
        ),
      ),
    ).toEqual([expect.stringMatching(/statusPages\[0\]\.id: "pages" is the index of pages/)]);
  });
});
