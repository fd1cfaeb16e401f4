import { ForbiddenNotice } from "@/components/layout/forbidden-notice";
import { currentUser } from "@/lib/auth/session";

/** Rendered with status 403 when a page's guard refuses the role (lib/auth/page-guard.ts). */
export default async function ConsoleForbidden() {
  const user = await currentUser();
  return <ForbiddenNotice role={user?.role ?? null} />;
}
