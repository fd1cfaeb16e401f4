/**
 * A POST's form under /status, read at most `limit` bytes far (the Next route handler; the Node
 * handler counts its own). null: too large. Multipart is accepted (a mail client's one-click
 * unsubscribe may send it); only text fields are kept.
 */
export async function readStatusForm(req: Request, limit = 4096): Promise<URLSearchParams | null> {
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
  }
  const bytes = Buffer.concat(chunks);
  const type = req.headers.get("content-type") ?? "";
  if (!/multipart\/form-data/i.test(type)) return new URLSearchParams(bytes.toString("utf8"));
  const data = await new Response(bytes, { headers: { "Content-Type": type } }).formData().catch(() => null);
  const out = new URLSearchParams();
  for (const [name, value] of data?.entries() ?? []) if (typeof value === "string") out.append(name, value);
  return out;
}
