import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { redactText, urlOrigin } from "../redact";
import { webhookPayloadSchema } from "../schemas";
import type { Sender, SendResult } from "../sender";
import { DestinationRefused, guardedLookup, isPrivateAddress, refusal } from "./destination";

/**
 * Webhooks: one JSON POST, 10 s at most, redirects not followed; anything but a 2xx is a failure
 * (retried). A private destination is refused for good unless the message allows it. What is
 * recorded names the URL's origin only: its path and query often hold the receiver's token.
 */

const TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 2048;

export function webhookSender(opts: { timeoutMs?: number; userAgent?: string } = {}): Sender {
  return {
    channel: "webhook",
    async send(payload, ctx): Promise<SendResult> {
      const parsed = webhookPayloadSchema.safeParse(payload);
      if (!parsed.success) return { ok: false, error: "invalid webhook message", permanent: true };
      const { url, body, allowPrivate } = parsed.data;
      const target = new URL(url);
      const host = target.hostname.replace(/^\[|\]$/g, "");
      if (!allowPrivate && isIP(host) && isPrivateAddress(host))
        return { ok: false, error: refusal(host, host).message, permanent: true };
      const data = Buffer.from(JSON.stringify(body));
      const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(opts.timeoutMs ?? TIMEOUT_MS)]);
      try {
        const { status, text } = await post(target, data, allowPrivate, signal, opts.userAgent);
        const response = redactText(`HTTP ${status}${text ? `: ${text}` : ""}`, [url]);
        if (status >= 200 && status < 300) return { ok: true, response };
        return { ok: false, error: `HTTP ${status} from ${urlOrigin(url)}`, response };
      } catch (error) {
        if (error instanceof DestinationRefused) return { ok: false, error: error.message, permanent: true };
        const e = error as NodeJS.ErrnoException;
        const why = signal.aborted && !ctx.signal.aborted ? "timed out after 10 s" : (e.code ?? e.message);
        return { ok: false, error: redactText(`${urlOrigin(url)}: ${why}`, [url]) };
      }
    },
  };
}

function post(
  url: URL,
  data: Buffer,
  allowPrivate: boolean,
  signal: AbortSignal,
  userAgent = "Opsdeck-Webhook/1",
): Promise<{ status: number; text: string }> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: "POST",
        signal,
        lookup: guardedLookup(allowPrivate),
        headers: {
          "Content-Type": "application/json",
          "Content-Length": String(data.length),
          "User-Agent": userAgent,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).subarray(0, 200).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}
