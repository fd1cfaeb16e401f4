import "server-only";
import { TooLarge, Validation } from "@/lib/errors";

/** Refuses a request whose declared size is over `limit`, without reading any of it. */
export function checkDeclaredSize(h: Headers, limit: number): void {
  const declared = Number(h.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit)
    throw new TooLarge(`the request body is ${declared} bytes; the limit is ${limit} bytes`);
}

/**
 * The request's JSON body, read at most `limit` bytes far (a body sent without a length, or with
 * a false one, is cut off there and refused). An empty body is `undefined`.
 */
export async function readJsonBody(req: Request, limit: number): Promise<unknown> {
  checkDeclaredSize(req.headers, limit);
  if (!req.body) return undefined;
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge(`the request body is over the limit of ${limit} bytes`);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new Validation("body: expected JSON");
  }
}
