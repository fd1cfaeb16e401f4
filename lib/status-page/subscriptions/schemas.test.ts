import { describe, expect, it } from "vitest";
import { configSchema } from "@/lib/catalog/schemas";
import { pagePolicy, signupForm } from "./policy";
import { parseSubscribeInput } from "./schemas";
import { hashToken, newConfirmToken, unsubscribeToken, verifyUnsubscribeToken } from "./tokens";

const form = (fields: [string, string][]) => parseSubscribeInput(new URLSearchParams(fields));

describe("the subscribe form", () => {
  it("takes an email (lower-cased), a webhook, or both, and repeated components", () => {
    expect(form([["email", " Ana@Example.COM "]])).toEqual({
      ok: true,
      input: { email: "ana@example.com", webhook: undefined, components: [] },
    });
    expect(
      form([
        ["webhook", "https://hooks.example.com/x?token=1"],
        ["components", "api"],
        ["components", "data,api"],
      ]),
    ).toMatchObject({
      ok: true,
      input: { webhook: "https://hooks.example.com/x?token=1", components: ["api", "data"] },
    });
  });

  it("refuses what is not an address, a URL with credentials or another scheme, and an empty form", () => {
    expect(form([["email", "not-an-address"]])).toMatchObject({ ok: false });
    expect(form([["webhook", "ftp://example.com/x"]])).toMatchObject({ ok: false });
    expect(form([["webhook", "https://user:pw@example.com/x"]])).toMatchObject({ ok: false });
    expect(
      form([
        ["email", ""],
        ["webhook", ""],
      ]),
    ).toMatchObject({ ok: false });
    expect(form([["email", `${"a".repeat(250)}@example.com`]])).toMatchObject({ ok: false });
    expect(
      form([
        ["email", "a@example.com"],
        ["components", "<script>"],
      ]),
    ).toMatchObject({ ok: false });
  });
});

describe("tokens", () => {
  it("stores only a hash of the confirmation token", () => {
    const { token, hash } = newConfirmToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).toBe(hashToken(token));
    expect(hash).not.toContain(token);
  });

  it("signs unsubscribe links: only the console's secret makes one", () => {
    const token = unsubscribeToken("secret-one-0123456789abcdef", "sub-1");
    expect(verifyUnsubscribeToken("secret-one-0123456789abcdef", token)).toBe("sub-1");
    expect(verifyUnsubscribeToken("secret-two-0123456789abcdef", token)).toBeNull();
    expect(verifyUnsubscribeToken("secret-one-0123456789abcdef", token.replace("sub-1", "sub-2"))).toBeNull();
    expect(verifyUnsubscribeToken("secret-one-0123456789abcdef", "sub-1")).toBeNull();
  });
});

describe("a page's subscription policy", () => {
  const config = (mail: boolean, subscriptions: object) =>
    configSchema.parse({
      version: 1,
      settings: mail ? { mail: { smtp: "smtp://mail.example.com:587", from: "status@example.com" } } : {},
      statusPages: [
        { id: "customers", title: "Acme", subscriptions, components: [{ name: "API", services: ["api"] }] },
      ],
    });

  it("is off by default and open when on; email needs settings.mail", () => {
    expect(pagePolicy(config(true, {}), "customers")).toEqual({
      email: false,
      webhook: false,
      open: true,
      allowPrivateWebhooks: false,
    });
    expect(signupForm(config(true, {}), "customers")).toBeUndefined();
    expect(signupForm(config(true, { email: true, webhook: true }), "customers")).toEqual({
      email: true,
      webhook: true,
    });
    expect(signupForm(config(false, { email: true, webhook: true }), "customers")).toEqual({
      email: false,
      webhook: true,
    });
    expect(pagePolicy(config(true, {}), "nope")).toBeNull();
  });

  it("shows no form while sign-ups are closed", () => {
    const closed = config(true, { email: true, open: false });
    expect(signupForm(closed, "customers")).toBeUndefined();
    expect(pagePolicy(closed, "customers")).toMatchObject({ email: true, open: false });
  });

  it("reads settings.mail's URL and sender, and refuses another scheme", () => {
    expect(() =>
      configSchema.parse({ version: 1, settings: { mail: { smtp: "http://x", from: "a@b.example" } } }),
    ).toThrow();
  });
});
