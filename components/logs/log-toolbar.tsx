"use client";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { LOG_SINCE_CHOICES } from "@/lib/containers/schemas";
import type { ContainerView } from "@/lib/containers/schemas";

export interface ToolbarState {
  container: string;
  since: string;
  text: string;
  regex: boolean;
  caseSensitive: boolean;
}

const SINCE_LABEL: Record<string, string> = {
  "": "last 500 lines",
  "5m": "last 5 minutes",
  "15m": "last 15 minutes",
  "1h": "last hour",
  "6h": "last 6 hours",
  "24h": "last 24 hours",
  "7d": "last 7 days",
};

/** Which container, how far back, what to look for; pause and download. */
export function LogToolbar({
  containers,
  state,
  onChange,
  filterError,
  paused,
  onTogglePause,
  onClear,
  downloadHref,
}: {
  containers: ContainerView[];
  state: ToolbarState;
  onChange: (next: Partial<ToolbarState>) => void;
  filterError: string | null;
  paused: boolean;
  onTogglePause: () => void;
  onClear: () => void;
  downloadHref: string;
}) {
  const select = "h-9 rounded-md border border-input bg-background px-2 text-sm text-foreground";
  return (
    <div className="flex flex-wrap items-end gap-3">
      <label className="flex flex-col gap-1 text-xs text-muted-foreground">
        Container
        <select
          className={select}
          value={state.container}
          onChange={(e) => onChange({ container: e.target.value })}
        >
          {containers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.state})
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs text-muted-foreground">
        Since
        <select className={select} value={state.since} onChange={(e) => onChange({ since: e.target.value })}>
          {["", ...LOG_SINCE_CHOICES].map((s) => (
            <option key={s} value={s}>
              {SINCE_LABEL[s] ?? s}
            </option>
          ))}
        </select>
      </label>
      <div className="flex min-w-64 flex-1 flex-col gap-1">
        <label htmlFor="log-filter" className="text-xs text-muted-foreground">
          Filter {state.regex ? "(regular expression)" : "(text)"}
        </label>
        <Input
          id="log-filter"
          value={state.text}
          placeholder={state.regex ? "e.g. (error|timeout) .*5\\d\\d" : "e.g. error"}
          aria-invalid={filterError ? true : undefined}
          aria-describedby={filterError ? "log-filter-error" : undefined}
          onChange={(e) => onChange({ text: e.target.value })}
          className="font-mono"
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      <label className="flex h-9 items-center gap-1.5 text-sm">
        <input
          type="checkbox"
          checked={state.regex}
          onChange={(e) => onChange({ regex: e.target.checked })}
        />
        Regex
      </label>
      <label className="flex h-9 items-center gap-1.5 text-sm">
        <input
          type="checkbox"
          checked={state.caseSensitive}
          onChange={(e) => onChange({ caseSensitive: e.target.checked })}
        />
        Match case
      </label>
      <Button variant="secondary" aria-pressed={paused} onClick={onTogglePause}>
        {paused ? "Resume" : "Pause"}
      </Button>
      <Button variant="ghost" onClick={onClear}>
        Clear
      </Button>
      <Button variant="secondary" asChild>
        <a href={downloadHref} download>
          Download
        </a>
      </Button>
      {filterError && (
        <p id="log-filter-error" role="alert" className="w-full text-sm text-danger">
          {filterError}
        </p>
      )}
    </div>
  );
}
