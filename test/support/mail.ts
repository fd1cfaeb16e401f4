import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

/**
 * The SMTP sink (test/support/smtp-sink.mjs) as a child process a test can stop and start on
 * the same port, and the messages it received, parsed just enough to assert on: headers
 * (unfolded, encoded words decoded) and the text and HTML parts (quoted-printable or base64).
 */

export interface ReceivedMail {
  file: string;
  from: string | null;
  to: string[];
  headers: Map<string, string>;
  subject: string;
  text: string;
  html: string;
}

export interface SmtpSink {
  port: number;
  dir: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  messages(): Promise<ReceivedMail[]>;
  destroy(): Promise<void>;
}

const SCRIPT = path.resolve(__dirname, "smtp-sink.mjs");

function launch(port: number, dir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [SCRIPT, String(port), dir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`smtp sink exited (${code})`)));
    createInterface({ input: child.stdout! }).once("line", (line) =>
      resolve({ child, port: (JSON.parse(line) as { port: number }).port }),
    );
  });
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "opsdeck-smtp-"));
  let { child, port } = await launch(0, dir);
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  };
  return {
    port,
    dir,
    stop,
    async start() {
      ({ child, port } = await launch(port, dir));
    },
    async messages() {
      const files = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
      return Promise.all(
        files.map(async (file) => {
          const m = JSON.parse(await readFile(path.join(dir, file), "utf8")) as {
            from: string | null;
            to: string[];
            raw: string;
          };
          return { file, from: m.from, to: m.to, ...parseMime(m.raw) };
        }),
      );
    },
    async destroy() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function splitHead(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.indexOf("\r\n\r\n");
  const head = at >= 0 ? raw.slice(0, at) : raw;
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: at >= 0 ? raw.slice(at + 4) : "" };
}

function decodeQp(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** RFC 2047 encoded words ("=?UTF-8?Q?...?="), whitespace between two of them dropped. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(data, "base64").toString("utf8")
        : decodeQp(data.replace(/_/g, " ")),
    );
}

function decodePart(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") return decodeQp(body);
  return body;
}

export function parseMime(raw: string): Omit<ReceivedMail, "file" | "from" | "to"> {
  const { headers, body } = splitHead(raw);
  let text = "";
  let html = "";
  const visit = (h: Map<string, string>, b: string) => {
    const type = h.get("content-type") ?? "text/plain";
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (/^multipart\//i.test(type) && boundary) {
      for (const part of b.split(`--${boundary}`).slice(1)) {
        if (part.startsWith("--")) break;
        const inner = splitHead(part.replace(/^\r\n/, ""));
        visit(inner.headers, inner.body.replace(/\r\n$/, ""));
      }
    } else if (/^text\/html/i.test(type)) html = decodePart(h, b);
    else if (/^text\/plain/i.test(type)) text = decodePart(h, b);
  };
  visit(headers, body);
  return {
    headers,
    subject: decodeWords(headers.get("subject") ?? ""),
    text: text.replace(/\r\n/g, "\n"),
    html,
  };
}
