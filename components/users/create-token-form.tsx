"use client";

import type { Role } from "@/lib/auth/roles";
import { createTokenAction } from "@/lib/users/actions";
import { MAX_TOKEN_DAYS } from "@/lib/users/schemas";
import { CreateForm, type CreateField } from "./create-form";

const FIELDS: readonly CreateField[] = [
  { name: "name", label: "Name", placeholder: "e.g. ci-deploy", required: true },
  { name: "role", label: "Role", type: "role" },
  {
    name: "expiresInDays",
    label: "Expires after (days)",
    type: "number",
    min: 1,
    max: MAX_TOKEN_DAYS,
    placeholder: "blank: never",
  },
];

/** Creates an API token; its secret appears once, here, and is never retrievable again. */
export function CreateTokenForm({ roles }: { roles: readonly Role[] }) {
  return (
    <CreateForm
      label="Create an API token"
      submit="Create token"
      fields={FIELDS}
      roles={roles}
      columns="lg:grid-cols-[2fr_auto_1fr_auto]"
      action={createTokenAction}
      reveal={(r) => ({
        label: `Secret of the token "${r.token.name}"`,
        secret: r.secret,
        hint: "Send it as the header Authorization: Bearer <secret>. Opsdeck keeps only its hash and cannot show it again.",
      })}
    />
  );
}
