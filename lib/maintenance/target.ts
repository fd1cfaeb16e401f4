/** The audit target of a call naming a window, from the raw input (before it is validated). */
export function windowTarget(raw: unknown): { target: string } {
  const id = (raw ?? {}) as { windowId?: unknown };
  return { target: `maintenance:${String(id.windowId ?? "").slice(0, 100)}` };
}
