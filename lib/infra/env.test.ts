import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("environment", () => {
  it("gives a first run sensible defaults: embedded database, local Docker socket, opsdeck.yml", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.DOCKER_HOST).toBe("unix:///var/run/docker.sock");
    expect(env.configPath.endsWith("opsdeck.yml")).toBe(true);
    expect(env.OPSDECK_ROLE).toBe("all");
    expect(env.PORT).toBe(3000);
  });

  it("treats empty strings as unset, as docker compose writes them", () => {
    expect(parseEnv({ DATABASE_URL: "", REDIS_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    ["DATABASE_URL", "mysql://x", "DATABASE_URL: expected a URL starting with postgres:// or postgresql://"],
    ["REDIS_URL", "localhost:6379", "REDIS_URL: expected a URL starting with redis:// or rediss://"],
    [
      "DOCKER_HOST",
      "/var/run/docker.sock",
      "DOCKER_HOST: expected unix:///path/to/docker.sock or tcp://host:port",
    ],
    ["OPSDECK_ROLE", "scheduler", "OPSDECK_ROLE"],
    ["PORT", "eighty", "PORT"],
    ["OPSDECK_ADMIN_PASSWORD", "short", "OPSDECK_ADMIN_PASSWORD: expected at least 12 characters"],
    ["NEXTAUTH_SECRET", "tooshort", "NEXTAUTH_SECRET: expected at least 32 characters"],
    [
      "OPSDECK_EMBEDDED_SHARED_BUFFERS",
      "16",
      "OPSDECK_EMBEDDED_SHARED_BUFFERS: expected a size such as 16MB",
    ],
    ["OPSDECK_WASM_OPTIMIZE", "yes", "OPSDECK_WASM_OPTIMIZE"],
    ["OPSDECK_HEAP_GROWTH_PERCENT", "-5", "OPSDECK_HEAP_GROWTH_PERCENT"],
    [
      "OPSDECK_TRUSTED_PROXIES",
      "10.0.0.0/8, proxy.internal",
      'OPSDECK_TRUSTED_PROXIES: "proxy.internal" is not an IP address or a CIDR',
    ],
    ["OPSDECK_MAX_BODY_BYTES", "10", "OPSDECK_MAX_BODY_BYTES"],
  ])("rejects a bad %s and names it", (name, value, message) => {
    expect(() => parseEnv({ [name]: value })).toThrow(message);
  });

  it("reads Docker TLS files from DOCKER_CERT_PATH for a tcp engine", () => {
    const env = parseEnv({
      DOCKER_HOST: "tcp://docker.internal:2376",
      DOCKER_CERT_PATH: "/certs",
      DOCKER_TLS_VERIFY: "1",
    });
    expect(env.dockerTls).toEqual({ ca: "/certs/ca.pem", cert: "/certs/cert.pem", key: "/certs/key.pem" });
    expect(() => parseEnv({ DOCKER_HOST: "tcp://d:2376", DOCKER_TLS_VERIFY: "1" })).toThrow(
      "DOCKER_CERT_PATH",
    );
  });
});
