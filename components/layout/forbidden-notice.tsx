"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { pageFor } from "@/lib/auth/pages";
import { can } from "@/lib/auth/permissions";
import { ROLES } from "@/lib/auth/roles";

/** The 403 page's body: which role the page needs, read from the page table by the address shown. */
export function ForbiddenNotice({ role }: { role: string | null }) {
  const page = pageFor(usePathname());
  const needed = page ? (ROLES.find((r) => can(r, page.permission)) ?? "admin") : null;
  return (
    <EmptyState
      headingLevel="h1"
      title={page && needed ? `You need the ${needed} role to ${page.what}` : "You may not open this page"}
      data-testid="needs-permission"
      action={
        <Button asChild variant="secondary">
          <Link href="/map">Open the service map</Link>
        </Button>
      }
    >
      <p>
        You are signed in as {role ? `a ${role}` : "someone without a role"}. An admin can change your role
        under Settings; until then this page stays closed (the server refuses its data too).
      </p>
    </EmptyState>
  );
}
