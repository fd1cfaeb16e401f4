import "server-only";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { Unavailable } from "@/lib/errors";
import { ProbeSkip, resolveTemplate } from "@/lib/probes/target";
import type { ContainerRef } from "@/lib/probes/types";
import type { ActionTarget, OutputSink } from "../types";

/** Helpers the data-service kinds share: target containers, URLs, files, output. */

/** The first running container of the service (the one exec-style kinds act in). */
export function runningContainer(target: ActionTarget): ContainerRef {
  const found = target.service.containers.find((c) => c.state === "running");
  if (!found) throw new Unavailable(`${target.service.name} has no running container`);
  return found;
}

/** A declared URL with `{{container}}` replaced by a running container's address. */
export function resolveDeclaredUrl(url: string, target: ActionTarget): string {
  try {
    return resolveTemplate(url, target.service.containers);
  } catch (error) {
    if (error instanceof ProbeSkip)
      throw new Unavailable(
        `${target.service.name} has no running container with an address for {{container}}`,
      );
    throw error;
  }
}

/** Safe in file names: a service id like `shop.api` stays readable, anything else becomes `_`. */
export function fileSafe(text: string): string {
  return text
    .replace(/[^A-Za-z0-9_.-]/g, "_")
    .replace(/^\.+/, "_")
    .slice(0, 100);
}

/** UTC, sortable, no separators that need quoting: 20260804T123001Z. */
export function utcStamp(date = new Date()): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

export async function sha256File(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { signal })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Writes multi-line text (exec output, tool stderr) line by line, without a trailing empty line. */
export function writeLines(out: OutputSink, text: string, stream: "out" | "err" | "info"): number {
  if (!text) return 0;
  const lines = text.replace(/\r?\n$/, "").split(/\r?\n/);
  for (const line of lines) out.line(line, stream);
  return lines.length;
}
