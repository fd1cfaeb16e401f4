import "server-only";
import type { z } from "zod";
import { evaluateConditions } from "@/lib/probes/conditions";
import { httpRequest, type HttpResponse } from "@/lib/probes/http-request";
import { BODY_LIMIT, moveCredentials, parseJson } from "@/lib/probes/http";
import { scrubSecrets, urlSecrets } from "@/lib/probes/target";
import { describeError } from "@/lib/probes/verdict";
import { declaredParamsSchema, fillTemplate } from "../params";
import type { DeclaredAction } from "../schemas";
import type { ActionKind } from "../types";
import { resolveDeclaredUrl, writeLines } from "./support";

type HttpDecl = Extract<DeclaredAction, { kind: "http" }>;
type Params = Record<string, unknown>;

const SHOWN_BODY = 4096;
const DEFAULT_EXPECT = ["status >= 200", "status < 400"];

export const httpCall: ActionKind<HttpDecl, Params> = {
  kind: "http",
  title: "Call endpoint",
  description: "Call a declared HTTP endpoint (smoke test or webhook) and check the response.",
  targetKind: "service",
  permission: "actions.run.safe",
  confirm: "confirm",
  read: false,
  timeoutMs: 30_000,
  params: (_target, decl) => declaredParamsSchema(decl.params) as z.ZodType<Params>,
  async run({ target, decl, out, signal }, p) {
    // Parameters may only fill the URL, each value percent-encoded so it stays inside its part.
    const encoded = Object.fromEntries(
      Object.entries(p).map(([k, v]) => [k, encodeURIComponent(String(v ?? ""))]),
    );
    const raw = resolveDeclaredUrl(fillTemplate(decl.url, encoded), target);
    const secrets = [...urlSecrets(raw), ...Object.values(decl.headers ?? {})];
    const { url, headers } = moveCredentials(raw, decl.headers);
    const started = performance.now();
    // The URL stays out of the output: query strings often carry tokens.
    out.line(`${decl.method} ${new URL(url).host}${new URL(url).pathname}`, "info");
    let response: HttpResponse;
    try {
      response = await httpRequest({
        url,
        method: decl.method,
        headers,
        body: decl.body,
        followRedirects: false,
        signal,
        bodyLimit: BODY_LIMIT,
      });
    } catch (error) {
      signal.throwIfAborted();
      throw new Error(`request failed: ${scrubSecrets(describeError(error), secrets)}`);
    }
    const latencyMs = Math.round(performance.now() - started);
    out.line(`HTTP ${response.status} in ${latencyMs} ms`, "info");
    const observation = {
      status: response.status,
      latency: latencyMs,
      body: response.text,
      json: response.truncated ? undefined : parseJson(response.text),
      headers: response.headers,
    };
    const passed: string[] = [];
    const failed: { condition: string; actual: string }[] = [];
    // Each condition on its own, so the output shows every pass and every failure.
    for (const condition of decl.expect.length ? decl.expect : DEFAULT_EXPECT) {
      const result = evaluateConditions([condition], observation);
      if (result.ok) passed.push(condition);
      else failed.push({ condition, actual: result.actual });
      out.line(
        result.ok ? `✓ ${condition}` : `✗ ${condition} (got ${result.actual})`,
        result.ok ? "out" : "err",
      );
    }
    showBody(out, scrubSecrets(response.text, secrets), response.headers["content-type"]);
    if (failed.length)
      throw new Error(
        `${failed.length} of ${passed.length + failed.length} expectation(s) failed: ${failed.map((f) => f.condition).join("; ")}`,
      );
    return { status: response.status, latencyMs, passed, failed };
  },
};

/** The body as text (never rendered as HTML), cut at 4 KB; control characters dropped. */
function showBody(out: Parameters<typeof writeLines>[0], text: string, contentType: string | undefined) {
  if (!text) return;
  const cut = text.length > SHOWN_BODY;
  const clean = text.slice(0, SHOWN_BODY).replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, "");
  out.line(
    `response body${contentType ? ` (${contentType})` : ""}${cut ? `, first ${SHOWN_BODY} of ${text.length} characters` : ""}:`,
    "info",
  );
  writeLines(out, clean, "out");
}
