import { describe, expect, it } from "vitest";
import { isSameOrigin } from "./origin";

const h = (headers: Record<string, string>) => new Headers(headers);

describe("isSameOrigin: is this request from the console's own pages", () => {
  it("without a public URL: http, the Host header's host and port", () => {
    expect(isSameOrigin(h({ host: "ops.test:3000", origin: "http://ops.test:3000" }), undefined)).toBe(true);
    expect(isSameOrigin(h({ host: "ops.test:3000", origin: "https://ops.test:3000" }), undefined)).toBe(
      false,
    );
    expect(isSameOrigin(h({ host: "ops.test:3000", origin: "http://ops.test:3001" }), undefined)).toBe(false);
    expect(isSameOrigin(h({ host: "ops.test", origin: "http://ops.test:80" }), undefined)).toBe(true);
  });

  it("does not believe X-Forwarded-Host or -Proto from the sender", () => {
    const forged = { host: "ops.test", "x-forwarded-host": "evil.test", "x-forwarded-proto": "https" };
    expect(isSameOrigin(h({ ...forged, origin: "http://evil.test" }), undefined)).toBe(false);
    expect(isSameOrigin(h({ ...forged, origin: "https://ops.test" }), undefined)).toBe(false);
  });

  it("believes X-Forwarded-Host and -Proto when a trusted proxy sent the request", () => {
    const viaProxy = {
      host: "10.0.0.5:3000",
      "x-forwarded-host": "ops.example.com",
      "x-forwarded-proto": "https",
    };
    expect(isSameOrigin(h({ ...viaProxy, origin: "https://ops.example.com" }), undefined, true)).toBe(true);
    expect(isSameOrigin(h({ ...viaProxy, origin: "http://ops.example.com" }), undefined, true)).toBe(false);
    expect(isSameOrigin(h({ ...viaProxy, origin: "https://ops.example.com" }), undefined, false)).toBe(false);
  });

  it("with a public URL: exactly its scheme, host and port, whatever the Host header says", () => {
    const url = "https://ops.example.com/";
    expect(isSameOrigin(h({ host: "10.0.0.5:3000", origin: "https://ops.example.com" }), url)).toBe(true);
    expect(isSameOrigin(h({ host: "10.0.0.5:3000", origin: "http://ops.example.com" }), url)).toBe(false);
    expect(isSameOrigin(h({ host: "ops.example.com", origin: "https://ops.example.com:8443" }), url)).toBe(
      false,
    );
  });

  it("refuses a missing, null or unparseable Origin, and a request without a host", () => {
    expect(isSameOrigin(h({ host: "ops.test" }), undefined)).toBe(false);
    expect(isSameOrigin(h({ host: "ops.test", origin: "null" }), undefined)).toBe(false);
    expect(isSameOrigin(h({ host: "ops.test", origin: "not a url" }), undefined)).toBe(false);
    expect(isSameOrigin(h({ origin: "http://ops.test" }), undefined)).toBe(false);
  });
});
