import { describe, expect, it } from "vitest";
import { redactText, urlOrigin } from "./redact";

describe("what an error may keep", () => {
  it("masks credentials, paths and queries of URLs, and the secrets named", () => {
    const text = redactText(
      "Invalid login for smtp://ops:hunter22@mail.example.com:587 posting https://hooks.example.com/services/T0/B0/XYZ?token=abc\nagain hunter22",
      ["hunter22"],
    );
    expect(text).not.toContain("hunter22");
    expect(text).not.toContain("XYZ");
    expect(text).not.toContain("token=abc");
    expect(text).toContain("https://hooks.example.com/[…]");
    expect(text).not.toContain("\n");
    expect(redactText("x".repeat(2000)).length).toBeLessThan(510);
    expect(urlOrigin("https://hooks.example.com/a?b=c")).toBe("https://hooks.example.com");
  });
});
