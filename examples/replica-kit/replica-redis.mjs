import net from "node:net";

/**
 * One Redis command over a fresh connection (RESP2), enough for the few calls a replica makes
 * (LPUSH from a backend, RPOP from a worker). Replies that are arrays are not supported.
 */
export function redis(address, args, timeoutMs = 2000) {
  const [host, port = "6379"] = address.split(":");
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port: Number(port) });
    let received = Buffer.alloc(0);
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`redis ${address} timed out`)));
    socket.on("connect", () => socket.write(encode(args)));
    socket.on("error", reject);
    socket.on("data", (chunk) => {
      received = Buffer.concat([received, chunk]);
      const reply = parseReply(received);
      if (!reply) return;
      socket.end();
      if ("error" in reply) reject(new Error(reply.error));
      else resolve(reply.value);
    });
  });
}

function encode(args) {
  const parts = args.map((arg) => {
    const text = String(arg);
    return `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
  });
  return `*${args.length}\r\n${parts.join("")}`;
}

/** The reply, or null while it is incomplete. */
function parseReply(buffer) {
  const end = buffer.indexOf("\r\n");
  if (end < 0) return null;
  const type = String.fromCharCode(buffer[0]);
  const head = buffer.subarray(1, end).toString();
  if (type === "+") return { value: head };
  if (type === "-") return { error: head };
  if (type === ":") return { value: Number(head) };
  if (type !== "$") return { error: `unsupported Redis reply type ${type}` };
  const length = Number(head);
  if (length < 0) return { value: null };
  if (buffer.length < end + 2 + length + 2) return null;
  return { value: buffer.subarray(end + 2, end + 2 + length).toString() };
}
