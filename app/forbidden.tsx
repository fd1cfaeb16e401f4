import { redirect } from "next/navigation";
import { ConsoleShell } from "@/components/layout/console-shell";
import { ForbiddenNotice } from "@/components/layout/forbidden-notice";
import { currentUser } from "@/lib/auth/session";

/**
 * 403 on a full page load, refused by the console layout (lib/auth/page-guard.ts): the same
 * frame and notice as inside the console.
 */
export default async function Forbidden() {
  const user = await currentUser();
  if (!user) redirect("/login");
  return (
    <ConsoleShell user={{ email: user.email, role: user.role }}>
      <ForbiddenNotice role={user.role} />
    </ConsoleShell>
  );
}
