import { ConsoleShell } from "@/components/layout/console-shell";
import { requireConsolePath } from "@/lib/auth/page-guard";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requireConsolePath();
  return <ConsoleShell user={{ email: user.email, role: user.role }}>{children}</ConsoleShell>;
}
