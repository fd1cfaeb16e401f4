"use client";

import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { Role } from "@/lib/auth/roles";
import type { ActionResult } from "@/lib/users/schemas";
import { Field } from "./field";
import { RoleSelect } from "./role-select";
import { SecretOnce } from "./secret-once";
import { sentence, useAction } from "./use-action";

/** One input of a create form: what it sends as `name`, and how it is shown. */
export interface CreateField {
  name: string;
  label: string;
  type?: "text" | "email" | "password" | "number" | "role";
  placeholder?: string;
  required?: boolean;
  min?: number;
  max?: number;
  autoComplete?: string;
}

/** What to show once something was created: a secret shown once, or a plain confirmation. */
export type Revealed = { label: string; secret: string; hint: string } | { done: string };

/**
 * The users page's create forms (users, API tokens): fields from a list, sent as strings to a
 * server action; a refusal is shown as a sentence, a created secret once.
 */
export function CreateForm<T>({
  label,
  submit,
  fields,
  roles,
  columns,
  action,
  reveal,
}: {
  label: string;
  submit: string;
  fields: readonly CreateField[];
  roles: readonly Role[];
  /** Grid columns at large widths, e.g. "lg:grid-cols-[2fr_auto_1fr_auto]". */
  columns: string;
  action: (input: Record<string, string>) => Promise<ActionResult<T>>;
  reveal: (result: T) => Revealed;
}) {
  const prefix = useId();
  const form = useRef<HTMLFormElement>(null);
  const { pending, error, run } = useAction(action);
  const [shown, setShown] = useState<Revealed | null>(null);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = Object.fromEntries(fields.map((f) => [f.name, String(data.get(f.name) ?? "")]));
    run(input, (result) => {
      form.current?.reset();
      setShown(reveal(result));
    });
  }

  return (
    <div className="space-y-3">
      <form
        ref={form}
        method="post"
        onSubmit={onSubmit}
        noValidate
        aria-label={label}
        className={`grid gap-3 sm:grid-cols-2 lg:items-end ${columns}`}
      >
        {fields.map((f) => {
          const id = `${prefix}-${f.name}`;
          return (
            <Field key={f.name} id={id} label={f.label}>
              {f.type === "role" ? (
                <RoleSelect id={id} name={f.name} roles={roles} defaultValue="viewer" />
              ) : (
                <Input
                  id={id}
                  name={f.name}
                  type={f.type ?? "text"}
                  autoComplete={f.autoComplete ?? "off"}
                  placeholder={f.placeholder}
                  required={f.required}
                  min={f.min}
                  max={f.max}
                  inputMode={f.type === "number" ? "numeric" : undefined}
                />
              )}
            </Field>
          );
        })}
        <Button type="submit" disabled={pending} aria-busy={pending}>
          {pending ? "Creating…" : submit}
        </Button>
      </form>
      {error && (
        <p role="alert" className="text-sm text-danger">
          {sentence(error)}
        </p>
      )}
      {shown &&
        ("secret" in shown ? (
          <SecretOnce
            label={shown.label}
            secret={shown.secret}
            hint={shown.hint}
            onDone={() => setShown(null)}
          />
        ) : (
          <p role="status" className="text-sm text-success">
            {shown.done}
          </p>
        ))}
    </div>
  );
}
