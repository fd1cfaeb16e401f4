import Link from "next/link";
import { requirePage } from "@/lib/auth/page-guard";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata = { title: "Settings · Opsdeck" };

export default async function SettingsPage() {
  await requirePage("/settings");
  return (
    <>
      <PageHeader title="Settings" description="Users, roles, API tokens, and what Opsdeck watches." />
      <div className="grid max-w-4xl gap-4 md:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>
              <Link href="/settings/users" className="underline-offset-2 hover:underline">
                Users and API tokens
              </Link>
            </CardTitle>
            <CardDescription>Admins only.</CardDescription>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            Create accounts, change roles, disable users or sign them out everywhere, reset passwords, and
            issue or revoke API tokens for automation.
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Configuration</CardTitle>
            <CardDescription>Configuration as code.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-2 text-sm text-muted-foreground [&_code]:rounded [&_code]:bg-muted [&_code]:px-1 [&_code]:text-foreground">
            <p>
              What Opsdeck watches lives in <code>opsdeck.yml</code> (or the file named by{" "}
              <code>OPSDECK_CONFIG</code>), reloaded on save. Load errors with file, line and column appear in
              the console health details (the Docker, Database and Redis indicators at the top right).
            </p>
            <p>
              Editors can autocomplete the file with the{" "}
              <a
                href="/opsdeck.schema.json"
                className="font-medium text-foreground underline underline-offset-2"
              >
                published JSON Schema
              </a>
              ; the check condition grammar is in <code>docs/conditions.md</code> of the Opsdeck repository.
            </p>
          </CardContent>
        </Card>
      </div>
    </>
  );
}
