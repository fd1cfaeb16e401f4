"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { Role } from "@/lib/auth/roles";
import { createUserAction } from "@/lib/users/actions";
import { MIN_PASSWORD_LENGTH } from "@/lib/users/schemas";
import { Field } from "./field";
import { RoleSelect } from "./role-select";
import { SecretOnce } from "./secret-once";
import { sentence, useAction } from "./use-action";

/** Creates an account; a blank password field means "generate one", shown once. */
export function CreateUserForm({ roles }: { roles: readonly Role[] }) {
  const form = useRef<HTMLFormElement>(null);
  const { pending, error, run } = useAction(createUserAction);
  const [created, setCreated] = useState<{ email: string; password?: string } | null>(null);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    run(
      {
        email: String(data.get("email") ?? ""),
        name: String(data.get("name") ?? ""),
        role: String(data.get("role") ?? ""),
        password: String(data.get("password") ?? ""),
      },
      (result) => {
        form.current?.reset();
        setCreated({ email: result.user.email, password: result.generatedPassword });
      },
    );
  }

  return (
    <div className="space-y-3">
      <form
        ref={form}
        method="post"
        onSubmit={onSubmit}
        noValidate
        aria-label="Create a user"
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1.5fr_auto_2fr_auto] lg:items-end"
      >
        <Field id="new-user-email" label="Email">
          <Input id="new-user-email" name="email" type="email" autoComplete="off" required />
        </Field>
        <Field id="new-user-name" label="Name (optional)">
          <Input id="new-user-name" name="name" autoComplete="off" />
        </Field>
        <Field id="new-user-role" label="Role">
          <RoleSelect id="new-user-role" name="role" roles={roles} defaultValue="viewer" />
        </Field>
        <Field id="new-user-password" label="Initial password">
          <Input
            id="new-user-password"
            name="password"
            type="password"
            autoComplete="new-password"
            placeholder={`blank: generate · or ${MIN_PASSWORD_LENGTH}+ characters`}
          />
        </Field>
        <Button type="submit" disabled={pending} aria-busy={pending}>
          {pending ? "Creating…" : "Create user"}
        </Button>
      </form>
      {error && (
        <p role="alert" className="text-sm text-danger">
          {sentence(error)}
        </p>
      )}
      {created &&
        (created.password ? (
          <SecretOnce
            label={`Password for ${created.email}`}
            secret={created.password}
            hint="Give it to the person over a channel you trust. Opsdeck stores only its hash."
            onDone={() => setCreated(null)}
          />
        ) : (
          <p role="status" className="text-sm text-success">
            Created {created.email} with the password you chose.
          </p>
        ))}
    </div>
  );
}
