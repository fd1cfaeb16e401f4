import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { declaredActionSchema, type DeclaredAction } from "@/lib/actions/schemas";
import type { ActionDeps, ActionKind, ActionTarget } from "@/lib/actions/types";
import type { CatalogService } from "@/lib/catalog/types";
import type { ContainerRef } from "@/lib/probes/types";
import { testGateway, type TestContainer } from "@/test/support/docker";

/**
 * Runs action kinds directly, as ActionService would after its checks: parameters parsed by
 * the kind's own schema, output collected. The ActionService path is tested elsewhere.
 */

export interface Collected {
  lines: { text: string; stream: string }[];
  progress: { done: number; total: number }[];
  text(stream?: string): string;
}

export function serviceWith(opts: {
  id?: string;
  containers?: TestContainer[];
  actions?: DeclaredAction[];
}): ActionTarget {
  const containers: ContainerRef[] = (opts.containers ?? []).map((c) => ({
    id: c.id,
    name: c.name,
    ip: c.ip,
    state: "running",
  }));
  const service: CatalogService = {
    id: opts.id ?? "data.svc",
    name: opts.id ?? "data.svc",
    stackId: "data",
    kind: containers.length ? "container" : "external",
    tags: [],
    checks: [],
    actions: opts.actions ?? [],
    containers,
    origin: "config",
  };
  return { service, stackName: "data" };
}

/** A declaration as the config loader would produce it (defaults applied, shape checked). */
export function declare<K extends DeclaredAction["kind"]>(
  decl: { kind: K; id: string } & Record<string, unknown>,
): Extract<DeclaredAction, { kind: K }> {
  return declaredActionSchema.parse(decl) as Extract<DeclaredAction, { kind: K }>;
}

// Files the kinds write (downloads) go here; registered while the importing test file is collected.
const dataDir = mkdtempSync(path.join(tmpdir(), "opsdeck-actions-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

export function testDeps(): ActionDeps {
  return { docker: testGateway(), dataDir, env: { ...process.env } };
}

export async function runKind<D, P extends Record<string, unknown>>(
  kind: ActionKind<D, P>,
  target: ActionTarget,
  decl: D,
  input: Record<string, unknown> = {},
  opts: { deps?: ActionDeps; timeoutMs?: number } = {},
): Promise<{ result?: unknown; error?: Error; out: Collected }> {
  const lines: Collected["lines"] = [];
  const progress: Collected["progress"] = [];
  const out: Collected = {
    lines,
    progress,
    text: (stream) =>
      lines
        .filter((l) => !stream || l.stream === stream)
        .map((l) => l.text)
        .join("\n"),
  };
  const params = kind.params(target, decl).parse(input);
  try {
    const result = await kind.run(
      {
        runId: "test-run",
        actor: { type: "user", name: "tester@example.com", role: "admin", requestId: "req-test" },
        target,
        decl,
        signal: AbortSignal.timeout(opts.timeoutMs ?? kind.timeoutMs),
        deps: opts.deps ?? testDeps(),
        out: {
          line: (text, stream = "out") => lines.push({ text, stream }),
          progress: (done, total) => progress.push({ done, total }),
        },
      },
      params,
    );
    return { result, out };
  } catch (error) {
    return { error: error as Error, out };
  }
}
