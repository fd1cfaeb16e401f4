"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * A password or token secret the server will never show again: readable, copyable, and
 * dismissed by the person once they have stored it.
 */
export function SecretOnce({
  label,
  secret,
  hint,
  onDone,
}: {
  label: string;
  secret: string;
  hint: string;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }
  return (
    <div
      role="status"
      className="space-y-2 rounded-lg border border-amber-300 bg-warning-surface p-4 dark:border-amber-800"
      data-testid="secret-once"
    >
      <p className="text-sm font-semibold text-warning">{label}: shown only this once</p>
      <p className="text-sm text-muted-foreground">{hint}</p>
      <div className="flex flex-wrap items-center gap-2">
        <code className="min-w-0 flex-1 rounded bg-background px-2 py-1.5 font-mono text-sm break-all select-all">
          {secret}
        </code>
        <Button variant="secondary" size="sm" onClick={copy}>
          {copied === "yes" ? "Copied" : "Copy"}
        </Button>
        <Button variant="ghost" size="sm" onClick={onDone}>
          Done, I stored it
        </Button>
      </div>
      {copied === "failed" && (
        <p className="text-xs text-danger">The browser refused the clipboard: select the text and copy it.</p>
      )}
    </div>
  );
}
