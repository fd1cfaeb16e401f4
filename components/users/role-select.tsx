import type { Role } from "@/lib/auth/roles";
import { cn } from "@/components/ui/cn";

/** A native select of roles, styled like the Input primitive. Give it a label. */
export function RoleSelect({
  roles,
  className,
  ...props
}: React.ComponentProps<"select"> & { roles: readonly Role[] }) {
  return (
    <select
      className={cn(
        "h-9 rounded-md border border-input bg-background px-2 text-sm text-foreground disabled:opacity-60",
        className,
      )}
      {...props}
    >
      {roles.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  );
}
