import "server-only";
import type { BlockList } from "node:net";
import path from "node:path";
import { z } from "zod";
import { configVisibleEnv } from "@/lib/catalog/config-env";
import { parseTrustedProxies } from "./client-address";

/**
 * The one place that reads process.env. Parsed once; a bad value stops start-up with a message
 * naming the variable and what was expected.
 */

const urlWithScheme = (schemes: string[]) =>
  z
    .string()
    .refine(
      (v) => schemes.some((s) => v.startsWith(`${s}://`)),
      `expected a URL starting with ${schemes.map((s) => `${s}://`).join(" or ")}`,
    );

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Postgres for production; when absent an embedded PGlite database lives in OPSDECK_DATA_DIR. */
  DATABASE_URL: urlWithScheme(["postgres", "postgresql"]).optional(),
  OPSDECK_DATA_DIR: z.string().default(".data"),
  /** Where status pages are published (read by every console process and the status process). */
  OPSDECK_STATUS_DIR: z.string().optional(),
  /** The status pages' public address, for absolute links in feeds (default: NEXTAUTH_URL). */
  OPSDECK_STATUS_URL: z.url().optional(),
  /** Pub/sub of health changes (and locks later); an in-process bus when absent. */
  REDIS_URL: urlWithScheme(["redis", "rediss"]).optional(),
  DOCKER_HOST: z
    .string()
    .refine(
      (v) => /^(unix:\/\/\/.+|tcp:\/\/[^/]+:\d+|npipe:\/\/.+)$/.test(v),
      "expected unix:///path/to/docker.sock or tcp://host:port",
    )
    .default("unix:///var/run/docker.sock"),
  DOCKER_TLS_VERIFY: z.enum(["0", "1", ""]).optional(),
  DOCKER_CERT_PATH: z.string().optional(),
  OPSDECK_CONFIG: z.string().default("opsdeck.yml"),
  /**
   * all: web and monitor in one process; web: UI only; worker: monitor only; status: serves the
   * published status pages from OPSDECK_STATUS_DIR and nothing else (no database, no monitor).
   */
  OPSDECK_ROLE: z.enum(["all", "web", "worker", "status"]).default("all"),
  OPSDECK_ADMIN_EMAIL: z.email().default("admin@opsdeck.local"),
  OPSDECK_ADMIN_PASSWORD: z.string().min(12, "expected at least 12 characters").optional(),
  /** Signs session tokens; generated into the data folder on first start when absent. */
  NEXTAUTH_SECRET: z.string().min(32, "expected at least 32 characters").optional(),
  NEXTAUTH_URL: z.url().optional(),
  OPSDECK_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Bounded queue of database writes kept in memory while Postgres is down. */
  OPSDECK_WRITE_QUEUE_MAX: z.coerce.number().int().min(100).default(50_000),
  /** Page cache of the embedded database (Postgres' shared_buffers), e.g. 16MB or 128MB. */
  OPSDECK_EMBEDDED_SHARED_BUFFERS: z
    .string()
    .regex(/^[1-9]\d*(kB|MB|GB)$/, "expected a size such as 16MB or 128MB")
    .default("16MB"),
  /**
   * false (default): WebAssembly (the embedded database, Prisma's query compiler) runs as V8's
   * baseline code only, which saves about 100 MB of optimised code; true lets V8 optimise it.
   */
  OPSDECK_WASM_OPTIMIZE: z.enum(["true", "false"]).default("false"),
  /**
   * How far (percent) the JavaScript heap may grow past what is live before a full collection;
   * 0 leaves it to V8, which lets a busy monitor's heap reach several times its live size.
   */
  OPSDECK_HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(400).default(20),
  /**
   * Reverse proxies whose X-Forwarded-* and X-Real-IP headers are believed (addresses or CIDRs,
   * comma-separated). Default none: the socket's peer is the client.
   */
  OPSDECK_TRUSTED_PROXIES: z
    .string()
    .default("")
    .superRefine((v, ctx) => {
      try {
        parseTrustedProxies(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message });
      }
    }),
  /** Largest request body a mutation accepts; larger ones are refused (413) before they are read. */
  OPSDECK_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(1024 * 1024),
});

export type Env = z.output<typeof envSchema> & {
  trustedProxies: BlockList;
  dataDir: string;
  statusDir: string;
  configPath: string;
  /** TLS files for a tcp:// engine, from DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) like the docker CLI. */
  dockerTls?: { ca: string; cert: string; key: string };
};

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "unset" (docker compose writes VAR= for missing values).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`invalid environment:\n${lines.join("\n")}`);
  }
  const { DOCKER_CERT_PATH: certs, DOCKER_TLS_VERIFY: verify, DOCKER_HOST: host } = result.data;
  if (verify === "1" && !certs)
    throw new EnvError(
      "invalid environment:\n  DOCKER_CERT_PATH: expected a folder with ca.pem, cert.pem and key.pem when DOCKER_TLS_VERIFY=1",
    );
  const useTls = Boolean(certs) && host.startsWith("tcp://");
  return {
    ...result.data,
    trustedProxies: parseTrustedProxies(result.data.OPSDECK_TRUSTED_PROXIES),
    dataDir: path.resolve(result.data.OPSDECK_DATA_DIR),
    statusDir: path.resolve(
      result.data.OPSDECK_STATUS_DIR ?? path.join(result.data.OPSDECK_DATA_DIR, "status"),
    ),
    configPath: path.resolve(result.data.OPSDECK_CONFIG),
    dockerTls:
      useTls && certs
        ? {
            ca: path.join(certs, "ca.pem"),
            cert: path.join(certs, "cert.pem"),
            key: path.join(certs, "key.pem"),
          }
        : undefined,
  };
}

let cached: Env | null = null;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * Variables opsdeck.yml may interpolate as ${NAME} (secrets stay server-side), with ${PORT}
 * always the console's own port, so a self-check follows the console wherever it listens.
 */
export function configEnv(): Record<string, string | undefined> {
  return { ...configVisibleEnv(process.env), PORT: String(env().PORT) };
}
