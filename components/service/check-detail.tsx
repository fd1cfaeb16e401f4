"use client";

import { useState } from "react";
import { fetchJson } from "./fetch-json";

/** The target's full answer behind a failing check, fetched when opened (each look is audited). */
export function CheckDetail({ serviceId, checkId }: { serviceId: string; checkId: string }) {
  const [state, setState] = useState<{ text?: string; error?: string } | null>(null);
  async function load(open: boolean) {
    if (!open || state) return;
    try {
      const url = `/api/v1/services/${encodeURIComponent(serviceId)}/checks/${encodeURIComponent(checkId)}/detail`;
      const body = await fetchJson<{ detail: string }>(url);
      setState({ text: body.detail });
    } catch (error) {
      setState({ error: error instanceof Error ? error.message : String(error) });
    }
  }
  return (
    <details
      className="mt-1 text-xs"
      data-testid="check-detail"
      onToggle={(e) => void load((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary className="cursor-pointer text-muted-foreground">What it answered</summary>
      {state === null && <p className="mt-1 text-muted-foreground">Loading…</p>}
      {state?.error && <p className="mt-1 text-danger">{state.error}</p>}
      {/* Rendered as text: whatever the target wrote stays data. */}
      {state?.text !== undefined && (
        <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-muted p-2 font-mono">
          {state.text}
        </pre>
      )}
    </details>
  );
}
