import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { PAGE_PATH_HEADER } from "./page-path";
import { can } from "./permissions";
import { pageAccess, pageFor } from "./pages";
import { currentUser, type SessionUser } from "./session";

/**
 * The first line of every console page: the signed-in user, or a redirect to sign in; a 403
 * with the console's notice (app/(console)/forbidden.tsx) when the role lacks the page's
 * permission from lib/auth/pages.ts. The page's data routes check the same permission again.
 */
export async function requirePage(route: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(route.includes("[") ? "/map" : route)}`);
  if (!can(user.role, pageAccess(route).permission)) forbidden();
  return user;
}

/**
 * The console layout's check on a full page load: the page's permission, from the path the proxy
 * recorded, before anything streams, so a refusal is a real 403 (the loading skeleton of the
 * console would otherwise commit a 200 first).
 */
export async function requireConsolePath(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  const path = (await headers()).get(PAGE_PATH_HEADER);
  const page = path ? pageFor(path) : undefined;
  if (page && !can(user.role, page.permission)) forbidden();
  return user;
}
