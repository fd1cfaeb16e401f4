import "server-only";
import type { CheckConfig } from "@/lib/catalog/schemas";
import { resolveTemplate, urlSecrets } from "./target";
import type { Probe } from "./types";
import { failure, probeSignal, verdict } from "./verdict";
import { httpRequest } from "./http-request";

type HttpCheck = Extract<CheckConfig, { kind: "http" }>;

/** Health bodies are small; anything larger is cut so a hostile endpoint cannot exhaust memory. */
export const BODY_LIMIT = 1024 * 1024;
const DEFAULT_EXPECT = ["status >= 200", "status < 400"];

export const probeHttp: Probe<HttpCheck> = async (check, ctx) => {
  const started = performance.now();
  const secrets = [...urlSecrets(check.url), ...Object.values(check.headers ?? {})];
  try {
    const { url, headers } = moveCredentials(resolveTemplate(check.url, ctx.containers), check.headers);
    const signal = probeSignal(ctx);
    const response = await httpRequest({
      url,
      method: check.method,
      headers,
      body: check.body,
      followRedirects: check.followRedirects,
      signal,
      bodyLimit: BODY_LIMIT,
    });
    const { text, truncated } = response;
    const latency = performance.now() - started;
    return verdict(check, {
      latencyMs: latency,
      // The URL stays out of messages: query strings often carry tokens.
      summary: `HTTP ${response.status} in ${Math.round(latency)}ms`,
      observation: {
        status: response.status,
        latency: Math.round(latency),
        body: text,
        json: truncated ? undefined : parseJson(text),
        headers: response.headers,
      },
      defaultExpect: DEFAULT_EXPECT,
    });
  } catch (error) {
    return failure(error, ctx, started, secrets);
  }
};

/** user:pass@ in the URL becomes a Basic Authorization header (and stays out of messages). */
export function moveCredentials(raw: string, headers: Record<string, string> = {}) {
  const url = new URL(raw);
  if (!url.username && !url.password) return { url: raw, headers };
  const basic = Buffer.from(
    `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`,
  ).toString("base64");
  url.username = "";
  url.password = "";
  return { url: url.toString(), headers: { authorization: `Basic ${basic}`, ...headers } };
}

export function parseJson(text: string): unknown {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}
