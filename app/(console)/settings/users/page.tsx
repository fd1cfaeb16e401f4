import Link from "next/link";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { Section } from "@/components/service/section";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { CreateTokenForm } from "@/components/users/create-token-form";
import { CreateUserForm } from "@/components/users/create-user-form";
import { TokensTable } from "@/components/users/tokens-table";
import { UsersTable } from "@/components/users/users-table";
import { authorize } from "@/lib/auth/access";
import { Forbidden, Unauthorized } from "@/lib/errors";
import { listTokens, listUsers } from "@/lib/users/queries";
import { grantableRoles } from "@/lib/users/rules";

export const metadata = { title: "Users and API tokens · Opsdeck" };

const TITLE = "Users and API tokens";
const DESCRIPTION = "Who can sign in, with which role, and the tokens automation uses for the REST API.";

export default async function UsersSettingsPage() {
  let actor;
  try {
    actor = await authorize("users.manage", null);
  } catch (error) {
    if (error instanceof Unauthorized) redirect("/login?callbackUrl=/settings/users");
    if (error instanceof Forbidden) return <NeedsAdmin />;
    throw error;
  }
  const [users, tokens] = await Promise.all([listUsers(), listTokens()]);
  const roles = grantableRoles(actor.role);
  return (
    <>
      <PageHeader title={TITLE} description={DESCRIPTION} />
      <div className="space-y-8">
        <Section
          id="users"
          title="Users"
          description="Role changes, disabling and sign-outs reach open sessions on their next request. Passwords have at least 12 characters."
        >
          <CreateUserForm roles={roles} />
          <UsersTable users={users} roles={roles} selfId={actor.type === "user" ? actor.id : undefined} />
        </Section>
        <Section
          id="tokens"
          title="API tokens"
          description="For scripts and CI: send Authorization: Bearer <secret> to /api/v1. A token's role is at most yours."
        >
          <CreateTokenForm roles={roles} />
          <TokensTable tokens={tokens} />
        </Section>
      </div>
    </>
  );
}

function NeedsAdmin() {
  return (
    <>
      <PageHeader title={TITLE} description={DESCRIPTION} />
      <EmptyState
        tone="warning"
        title="You need the admin role"
        action={
          <Button asChild variant="secondary">
            <Link href="/settings">Back to settings</Link>
          </Button>
        }
      >
        <p>
          Managing users and API tokens needs the <code>users.manage</code> permission, which only admins
          have. Ask an admin to change your role if you need it.
        </p>
      </EmptyState>
    </>
  );
}
