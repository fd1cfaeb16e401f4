"use client";

import { Input } from "@/components/ui/input";
import type { ParamView } from "@/lib/actions/schemas";

const SELECT =
  "h-9 w-full rounded-md border border-input bg-background px-2 text-sm text-foreground aria-invalid:border-red-600";

/** One parameter of an action's form, labelled, with its hint and the server's error beside it. */
export function ParamField({
  param: p,
  value,
  error,
  idPrefix,
  onChange,
}: {
  param: ParamView;
  value: string | boolean;
  error?: string;
  idPrefix: string;
  onChange: (value: string | boolean) => void;
}) {
  const id = `${idPrefix}-${p.name}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [p.description || rangeHint(p) ? hintId : "", error ? errorId : ""].filter(Boolean);
  const common = {
    id,
    name: p.name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy.length ? describedBy.join(" ") : undefined,
  };
  const hint = [p.description, rangeHint(p)].filter(Boolean).join(" · ");

  return (
    <div className="space-y-1" data-testid={`param-${p.name}`}>
      {p.type === "boolean" ? (
        <label htmlFor={id} className="flex items-center gap-2 text-sm font-medium">
          <input
            type="checkbox"
            {...common}
            checked={value === true}
            onChange={(e) => onChange(e.target.checked)}
            className="h-4 w-4"
          />
          {p.label}
        </label>
      ) : (
        <label htmlFor={id} className="block text-sm font-medium">
          {p.label}
          {!p.required && <span className="font-normal text-muted-foreground"> (optional)</span>}
        </label>
      )}
      {p.type === "enum" && (
        <select
          {...common}
          required={p.required}
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
          className={SELECT}
        >
          {(p.values?.length !== 1 || !p.required) && (
            <option value="">{p.required ? "Choose…" : "—"}</option>
          )}
          {p.values?.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      )}
      {p.type === "integer" && (
        <Input
          {...common}
          type="number"
          inputMode="numeric"
          step={1}
          min={p.min}
          max={p.max}
          required={p.required}
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {p.type === "string" && (
        <Input
          {...common}
          required={p.required}
          autoComplete="off"
          spellCheck={false}
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {hint && (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-xs font-medium text-danger">
          {error}
        </p>
      )}
    </div>
  );
}

function rangeHint(p: ParamView): string {
  if (p.type !== "integer") return "";
  if (p.min !== undefined && p.max !== undefined) return `${p.min} to ${p.max}`;
  if (p.min !== undefined) return `at least ${p.min}`;
  if (p.max !== undefined) return `at most ${p.max}`;
  return "";
}
