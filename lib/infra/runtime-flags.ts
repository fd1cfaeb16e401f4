import "server-only";
import v8 from "node:v8";
import { env } from "./env";

let applied = false;

/**
 * V8 settings for a long-running console, applied once at start-up, before any WebAssembly is
 * compiled (the embedded database and Prisma's query compiler are both WebAssembly).
 *
 * Unless OPSDECK_WASM_OPTIMIZE=true, WebAssembly stays in V8's baseline compiler (Liftoff):
 * the optimising tier (TurboFan) recompiles the hot parts of a 9 MB Postgres and of Prisma's
 * compiler and keeps both copies, about 100 MB more resident memory measured with 1,000 checks
 * (bench/README.md), for queries the console runs a few times a second.
 *
 * OPSDECK_HEAP_GROWTH_PERCENT (default 20): V8 sizes the next full collection by how fast the
 * last one was, so a monitor that allocates steadily (200 probes a second) let its heap grow to
 * three or four times the ~75 MB that is live. Collecting at +20 % kept resident memory ~65 MB
 * lower at the same CPU (bench/README.md).
 */
export function applyRuntimeFlags(): void {
  if (applied) return;
  applied = true;
  const e = env();
  if (e.OPSDECK_WASM_OPTIMIZE !== "true") v8.setFlagsFromString("--liftoff-only");
  if (e.OPSDECK_HEAP_GROWTH_PERCENT > 0)
    v8.setFlagsFromString(`--heap-growing-percent=${e.OPSDECK_HEAP_GROWTH_PERCENT}`);
}
