import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { Forbidden, Unauthorized } from "@/lib/errors";
import { authOptions } from "./options";
import { roleAtLeast, type Role } from "./roles";

export interface SessionUser {
  id: string;
  email: string;
  name?: string | null;
  role: Role;
}

/**
 * The signed-in user of this request. Sessions are re-read from the database on every request
 * (lib/auth/options.ts), so the layout, the page and the 403 page of one render share one read.
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = (await getServerSession(authOptions())) as { user?: SessionUser; revoked?: boolean } | null;
  if (!session?.user || session.revoked) return null;
  return session.user;
});

/** First line of every protected handler: identity, then role. */
export async function requireUser(minimum: Role = "viewer"): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new Unauthorized();
  if (!roleAtLeast(user.role, minimum))
    throw new Forbidden(`this needs the ${minimum} role; you are ${user.role}`);
  return user;
}
