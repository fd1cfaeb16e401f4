import type { Role } from "@/lib/auth/roles";
import { Select } from "@/components/ui/select";

/** A native select of roles, styled like the Input primitive. Give it a label. */
export function RoleSelect({ roles, ...props }: React.ComponentProps<"select"> & { roles: readonly Role[] }) {
  return (
    <Select {...props}>
      {roles.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </Select>
  );
}
