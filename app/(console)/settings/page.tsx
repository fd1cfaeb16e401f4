import { PageHeader } from "@/components/layout/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata = { title: "Settings · Opsdeck" };

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="Users, roles, API tokens, and what Opsdeck watches." />
      <EmptyState title="Settings are not editable here yet">
        <p>
          Users, roles and API tokens arrive with the settings work. Until then the first admin comes from{" "}
          <code>OPSDECK_ADMIN_EMAIL</code> and <code>OPSDECK_ADMIN_PASSWORD</code>.
        </p>
        <p>
          What Opsdeck watches is configuration as code: <code>opsdeck.yml</code> (or the file named by{" "}
          <code>OPSDECK_CONFIG</code>), reloaded on save. Load errors with file, line and column appear in the
          console health details (the Docker, Database and Redis indicators at the top right). Editors can
          autocomplete the file with the{" "}
          <a href="/opsdeck.schema.json" className="font-medium text-foreground underline underline-offset-2">
            published JSON Schema
          </a>
          ; the check condition grammar is in <code>docs/conditions.md</code> of the Opsdeck repository.
        </p>
      </EmptyState>
    </>
  );
}
