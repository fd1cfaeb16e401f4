import { describe, expect, it } from "vitest";
import { esc, hexColour, logoHref, safeJson, segment, stripForbidden } from "./escape";

describe("esc", () => {
  it("escapes the five characters that can open markup or close an attribute", () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
  });

  it("drops what XML 1.0 forbids and keeps tab, newlines and astral characters", () => {
    expect(esc("a\u0000b\u0001\u000b\u000c\u001b\u007f\u0085\ufffe\uffffc")).toBe("abc");
    expect(esc("tab\there\nline\r\n")).toBe("tab\there\nline\r\n");
    expect(esc("ok 🚀")).toBe("ok 🚀");
    expect(stripForbidden("lone \ud800 high, lone \udc00 low")).toBe("lone  high, lone  low");
  });
});

describe("safeJson", () => {
  it("keeps JSON inert inside HTML and round-trips the value", () => {
    const value = { t: "</script><!-- & \u2028" };
    const out = safeJson(value);
    expect(out).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(out)).toEqual(value);
  });
});

describe("hexColour", () => {
  it("accepts #rgb and #rrggbb only", () => {
    expect(hexColour("#5B21B6")).toBe("#5b21b6");
    expect(hexColour("#abc")).toBe("#abc");
    for (const bad of ["red", "#12345", '#fff" onload="x', "url(x)", "", undefined]) {
      expect(hexColour(bad)).toBeNull();
    }
  });
});

describe("logoHref", () => {
  const assets = "/status/_assets";
  it("allows http(s) URLs, site paths and files under the assets", () => {
    expect(logoHref("https://cdn.example.com/l.svg", assets)).toBe("https://cdn.example.com/l.svg");
    expect(logoHref("/brand/logo.png", assets)).toBe("/brand/logo.png");
    expect(logoHref("logos/acme.png", assets)).toBe("/status/_assets/logos/acme.png");
  });

  it("refuses other schemes, protocol-relative URLs and parent segments", () => {
    for (const bad of [
      "javascript:alert(1)",
      " JavaScript:alert(1)",
      "data:image/svg+xml,<svg onload=alert(1)>",
      "//evil.example/x.png",
      "/a/../../etc/passwd",
      "../x.png",
      "https://x.example/a b",
    ]) {
      expect(logoHref(bad, assets)).toBeNull();
    }
  });
});

describe("segment", () => {
  it("encodes an id so that it cannot leave its path segment", () => {
    expect(segment("../admin?x=1#y")).toBe("..%2Fadmin%3Fx%3D1%23y");
  });
});
