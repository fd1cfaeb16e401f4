"use client";

import type { Role } from "@/lib/auth/roles";
import { createUserAction } from "@/lib/users/actions";
import { MIN_PASSWORD_LENGTH } from "@/lib/users/schemas";
import { CreateForm, type CreateField } from "./create-form";

const FIELDS: readonly CreateField[] = [
  { name: "email", label: "Email", type: "email", required: true },
  { name: "name", label: "Name (optional)" },
  { name: "role", label: "Role", type: "role" },
  {
    name: "password",
    label: "Initial password",
    type: "password",
    autoComplete: "new-password",
    placeholder: `blank: generate · or ${MIN_PASSWORD_LENGTH}+ characters`,
  },
];

/** Creates an account; a blank password field means "generate one", shown once. */
export function CreateUserForm({ roles }: { roles: readonly Role[] }) {
  return (
    <CreateForm
      label="Create a user"
      submit="Create user"
      fields={FIELDS}
      roles={roles}
      columns="lg:grid-cols-[2fr_1.5fr_auto_2fr_auto]"
      action={createUserAction}
      reveal={(r) =>
        r.generatedPassword
          ? {
              label: `Password for ${r.user.email}`,
              secret: r.generatedPassword,
              hint: "Give it to the person over a channel you trust. Opsdeck stores only its hash.",
            }
          : { done: `Created ${r.user.email} with the password you chose.` }
      }
    />
  );
}
