import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import { PAGE_PATH_HEADER } from "./page-path";
import { can } from "./permissions";
import { pageAccess, pageFor, type PageAccess } from "./pages";
import { auditRefusal, requestMeta, requirePermission } from "./access";
import type { Actor } from "@/lib/audit/schemas";
import type { AppError } from "@/lib/errors";
import { currentUser, type SessionUser } from "./session";

/**
 * The first line of every console page: the signed-in user, or a redirect to sign in; a 403
 * with the console's notice (app/(console)/forbidden.tsx) when the role lacks the page's
 * permission from lib/auth/pages.ts. The page's data routes check the same permission again.
 */
export async function requirePage(route: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(route.includes("[") ? "/map" : route)}`);
  await refuseWithout(user, pageAccess(route));
  return user;
}

const refusedThisRequest = cache(() => ({ audited: false }));

/** 403 with the audit record of the refusal, when the role lacks the page's permission. */
async function refuseWithout(user: SessionUser, page: PageAccess): Promise<void> {
  if (can(user.role, page.permission)) return;
  const h = await headers();
  const actor: Actor = { type: "user", id: user.id, name: user.email, role: user.role, ...requestMeta(h) };
  // The layout and the page both check on a full load, in parallel: one record per request.
  const seen = refusedThisRequest();
  if (!seen.audited) {
    seen.audited = true;
    try {
      requirePermission(actor, page.permission);
    } catch (error) {
      const target = h.get(PAGE_PATH_HEADER) ?? page.route;
      auditRefusal(actor, { action: "page.open", target }, error as AppError);
    }
  }
  forbidden();
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
  if (page) await refuseWithout(user, page);
  return user;
}
