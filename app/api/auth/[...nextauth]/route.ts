import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions())(req, ctx);
}

// Sign-in itself: next-auth checks its own CSRF token, and checkSignIn (lib/auth/options.ts) rate-limits
// and audits every attempt. There is no actor yet to run a verb as.
// eslint-disable-next-line opsdeck/mutations-through-verb -- authentication is not a verb
export { handler as GET, handler as POST };
