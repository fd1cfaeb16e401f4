"use client";

import { Table, TableBody, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Role } from "@/lib/auth/roles";
import type { UserView } from "@/lib/users/schemas";
import { UserRow } from "./user-row";

/** Every account: role (changeable), status, last sign-in, and what an admin can do to it. */
export function UsersTable({
  users,
  roles,
  selfId,
}: {
  users: UserView[];
  roles: readonly Role[];
  selfId?: string;
}) {
  return (
    <Table data-testid="users-table">
      <TableHeader>
        <TableRow>
          <TableHead>User</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Last sign-in</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {users.map((u) => (
          <UserRow key={u.id} user={u} roles={roles} isSelf={u.id === selfId} />
        ))}
      </TableBody>
    </Table>
  );
}
