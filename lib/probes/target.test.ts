import { describe, expect, it } from "vitest";
import { ProbeSkip, redactUrl, resolveTemplate, scrubSecrets, urlSecrets } from "./target";
import type { ContainerRef } from "./types";

const container = (state: string, ip?: string): ContainerRef => ({ id: state, name: state, state, ip });

describe("resolveTemplate", () => {
  it("uses the first running container that has an address", () => {
    const containers = [
      container("exited", "10.0.0.1"),
      container("running"),
      container("running", "10.0.0.3"),
    ];
    expect(resolveTemplate("http://{{container}}:8001/health", containers)).toBe(
      "http://10.0.0.3:8001/health",
    );
    expect(resolveTemplate("{{ container }}", containers)).toBe("10.0.0.3");
  });

  it("brackets IPv6 addresses", () => {
    expect(resolveTemplate("http://{{container}}:80/", [container("running", "fd00::2")])).toBe(
      "http://[fd00::2]:80/",
    );
  });

  it("leaves text without a template alone, even with no containers", () => {
    expect(resolveTemplate("http://backend:8001/health", [])).toBe("http://backend:8001/health");
  });

  it("skips when no running container has an address", () => {
    expect(() => resolveTemplate("http://{{container}}/", [container("exited", "10.0.0.1")])).toThrow(
      ProbeSkip,
    );
    expect(() => resolveTemplate("http://{{container}}/", [])).toThrow(
      "no running container with an address",
    );
  });
});

describe("redactUrl and secrets", () => {
  it("hides URL passwords and keeps the rest", () => {
    expect(redactUrl("postgres://seratonin:s3cret@postgres:5432/seratonin_db")).toBe(
      "postgres://seratonin:***@postgres:5432/seratonin_db",
    );
    expect(redactUrl("redis://:p%40ss@redis:6379/0")).toBe("redis://:***@redis:6379/0");
    expect(redactUrl("http://qdrant:6333/healthz")).toBe("http://qdrant:6333/healthz");
    expect(redactUrl("postgres://u:pw@{{container}}:5432/db")).toBe("postgres://u:***@{{container}}:5432/db");
  });

  it("lists encoded and decoded passwords and scrubs them from messages", () => {
    expect(urlSecrets("redis://:p%40ss@redis:6379")).toEqual(["p%40ss", "p@ss"]);
    expect(scrubSecrets('auth failed for "p@ss" (p%40ss)', urlSecrets("redis://:p%40ss@redis:6379"))).toBe(
      'auth failed for "***" (***)',
    );
  });
});
