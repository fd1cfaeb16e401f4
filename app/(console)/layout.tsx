import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { ConsoleShell } from "@/components/layout/console-shell";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  return <ConsoleShell user={{ email: user.email, role: user.role }}>{children}</ConsoleShell>;
}
