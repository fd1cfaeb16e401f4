import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { can, type Permission } from "@/lib/auth/permissions";
import { ROLES } from "@/lib/auth/roles";

/** What a page shows to a role without its permission: which role it needs, not an error. */
export function NeedsPermission({
  title,
  permission,
  what,
  role,
}: {
  title: string;
  permission: Permission;
  /** "read the audit log" */
  what: string;
  role: string;
}) {
  const needed = ROLES.find((r) => can(r, permission)) ?? "admin";
  return (
    <>
      <PageHeader title={title} />
      <EmptyState
        title={`You need the ${needed} role to ${what}`}
        data-testid="needs-permission"
        action={
          <Button asChild variant="secondary">
            <Link href="/map">Open the service map</Link>
          </Button>
        }
      >
        <p>
          You are signed in as a {role}. An admin can change your role under Settings; until then this page
          stays closed (the server refuses its data too).
        </p>
      </EmptyState>
    </>
  );
}
