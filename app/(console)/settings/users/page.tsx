import { PageHeader } from "@/components/layout/page-header";
import { Section } from "@/components/service/section";
import { CreateTokenForm } from "@/components/users/create-token-form";
import { CreateUserForm } from "@/components/users/create-user-form";
import { TokensTable } from "@/components/users/tokens-table";
import { UsersTable } from "@/components/users/users-table";
import { requirePage } from "@/lib/auth/page-guard";
import { listTokens, listUsers } from "@/lib/users/queries";
import { grantableRoles } from "@/lib/users/rules";

export const metadata = { title: "Users and API tokens · Opsdeck" };

const TITLE = "Users and API tokens";
const DESCRIPTION = "Who can sign in, with which role, and the tokens automation uses for the REST API.";

export default async function UsersSettingsPage() {
  const user = await requirePage("/settings/users");
  const [users, tokens] = await Promise.all([listUsers(), listTokens()]);
  const roles = grantableRoles(user.role);
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
          <UsersTable users={users} roles={roles} selfId={user.id} />
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
