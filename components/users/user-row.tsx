"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { TableCell, TableRow } from "@/components/ui/table";
import type { Role } from "@/lib/auth/roles";
import { changeRoleAction, revokeSessionsAction, setDisabledAction } from "@/lib/users/actions";
import type { UserView } from "@/lib/users/schemas";
import { ConfirmButton } from "./confirm-button";
import { ResetPasswordDialog } from "./reset-password-dialog";
import { RoleSelect } from "./role-select";
import { formatWhen, sentence, useAction } from "./use-action";

/** One account and its actions; refusals (last admin, role ceiling) show under the row's controls. */
export function UserRow({
  user,
  roles,
  isSelf,
}: {
  user: UserView;
  roles: readonly Role[];
  isSelf: boolean;
}) {
  const role = useAction(changeRoleAction);
  const disable = useAction(setDisabledAction);
  const signOut = useAction(revokeSessionsAction);
  const [notice, setNotice] = useState<string | null>(null);
  const error = role.error ?? disable.error ?? signOut.error;
  const pending = role.pending || disable.pending || signOut.pending;
  const done = (text: string) => () => setNotice(text);
  const options = roles.includes(user.role) ? roles : [...roles, user.role];

  return (
    <TableRow data-testid={`user-${user.email}`} data-disabled={user.disabled}>
      <UserCell user={user} isSelf={isSelf} />
      <TableCell>
        <label htmlFor={`role-${user.id}`} className="sr-only">
          Role of {user.email}
        </label>
        <RoleSelect
          id={`role-${user.id}`}
          roles={options}
          value={user.role}
          disabled={pending}
          onChange={(e) =>
            role.run(
              { userId: user.id, role: e.target.value },
              done(`${user.email} is now ${e.target.value}.`),
            )
          }
        />
      </TableCell>
      <TableCell>
        <UserStatus disabled={user.disabled} />
      </TableCell>
      <TableCell className="whitespace-nowrap">{formatWhen(user.lastLoginAt)}</TableCell>
      <TableCell>
        <div className="flex flex-wrap justify-end gap-1.5">
          {user.disabled ? (
            <Button
              variant="secondary"
              size="sm"
              disabled={pending}
              onClick={() =>
                disable.run({ userId: user.id, disabled: false }, done(`${user.email} can sign in again.`))
              }
            >
              Enable
            </Button>
          ) : (
            <ConfirmButton
              variant="secondary"
              size="sm"
              disabled={pending}
              title={`Disable ${user.email}?`}
              description="They cannot sign in any more, their open sessions end within 30 seconds and the API tokens they made are revoked. You can enable the account again later; revoked tokens stay revoked."
              confirmLabel="Disable"
              onConfirm={() =>
                disable.run({ userId: user.id, disabled: true }, done(`${user.email} is disabled.`))
              }
            >
              Disable
            </ConfirmButton>
          )}
          <ConfirmButton
            variant="secondary"
            size="sm"
            disabled={pending}
            title={`Sign ${user.email} out everywhere?`}
            description="Every open session of this user ends within 30 seconds; they can sign in again with their password."
            confirmLabel="Sign out everywhere"
            onConfirm={() =>
              signOut.run({ userId: user.id }, done(`${user.email}'s sessions end within 30 seconds.`))
            }
          >
            Sign out everywhere
          </ConfirmButton>
          <ResetPasswordDialog user={user} disabled={pending} />
        </div>
        <p
          role={error ? "alert" : "status"}
          className={error ? "mt-1 text-xs text-danger" : "mt-1 text-xs text-success"}
        >
          {error ? sentence(error) : notice}
        </p>
      </TableCell>
    </TableRow>
  );
}

function UserStatus({ disabled }: { disabled: boolean }) {
  return disabled ? <Badge tone="down">✕ disabled</Badge> : <Badge tone="up">✓ enabled</Badge>;
}

function UserCell({ user, isSelf }: { user: UserView; isSelf: boolean }) {
  return (
    <TableCell>
      <span className="font-medium">{user.email}</span>
      {isSelf && <span className="ml-1 text-xs text-muted-foreground">(you)</span>}
      <span className="block text-xs text-muted-foreground">
        {user.name ? `${user.name} · ` : ""}since {formatWhen(user.createdAt)}
      </span>
    </TableCell>
  );
}
