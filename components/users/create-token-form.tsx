"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { Role } from "@/lib/auth/roles";
import { createTokenAction } from "@/lib/users/actions";
import { MAX_TOKEN_DAYS } from "@/lib/users/schemas";
import { Field } from "./field";
import { RoleSelect } from "./role-select";
import { SecretOnce } from "./secret-once";
import { sentence, useAction } from "./use-action";

/** Creates an API token; its secret appears once, here, and is never retrievable again. */
export function CreateTokenForm({ roles }: { roles: readonly Role[] }) {
  const form = useRef<HTMLFormElement>(null);
  const { pending, error, run } = useAction(createTokenAction);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    run(
      {
        name: String(data.get("name") ?? ""),
        role: String(data.get("role") ?? ""),
        expiresInDays: String(data.get("expiresInDays") ?? ""),
      },
      (result) => {
        form.current?.reset();
        setCreated({ name: result.token.name, secret: result.secret });
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
        aria-label="Create an API token"
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_auto_1fr_auto] lg:items-end"
      >
        <Field id="new-token-name" label="Name">
          <Input id="new-token-name" name="name" autoComplete="off" placeholder="e.g. ci-deploy" required />
        </Field>
        <Field id="new-token-role" label="Role">
          <RoleSelect id="new-token-role" name="role" roles={roles} defaultValue="viewer" />
        </Field>
        <Field id="new-token-expiry" label="Expires after (days)">
          <Input
            id="new-token-expiry"
            name="expiresInDays"
            type="number"
            min={1}
            max={MAX_TOKEN_DAYS}
            inputMode="numeric"
            placeholder="blank: never"
          />
        </Field>
        <Button type="submit" disabled={pending} aria-busy={pending}>
          {pending ? "Creating…" : "Create token"}
        </Button>
      </form>
      {error && (
        <p role="alert" className="text-sm text-danger">
          {sentence(error)}
        </p>
      )}
      {created && (
        <SecretOnce
          label={`Secret of the token "${created.name}"`}
          secret={created.secret}
          hint="Send it as the header Authorization: Bearer <secret>. Opsdeck keeps only its hash and cannot show it again."
          onDone={() => setCreated(null)}
        />
      )}
    </div>
  );
}
