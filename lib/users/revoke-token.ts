import "server-only";
import type { Actor } from "@/lib/audit/schemas";
import { Conflict, NotFound } from "@/lib/errors";
import { audited, parseInput, refTarget, requireManage, type UsersContext } from "./guard";
import { toTokenView } from "./queries";
import { tokenRefInputSchema, type TokenView } from "./schemas";

/** Revokes an API token: it stops authenticating at once (every request looks it up). */
export async function revokeToken(ctx: UsersContext, actor: Actor, input: unknown): Promise<TokenView> {
  await requireManage(ctx, actor, { action: "token.revoke", target: refTarget(input) });
  const { tokenId } = parseInput(tokenRefInputSchema, input);
  const token = await ctx.db.apiToken.findUnique({ where: { id: tokenId } });
  if (!token) throw new NotFound(`no API token with id "${tokenId}"`);
  const intent = {
    action: "token.revoke",
    target: `token:${token.prefix}`,
    params: { tokenId, name: token.name },
  };
  return audited(ctx, actor, intent, async () => {
    // Conditional update: of two concurrent revocations exactly one succeeds.
    const { count } = await ctx.db.apiToken.updateMany({
      where: { id: tokenId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw new Conflict(`the API token "${token.name}" was already revoked`);
    return toTokenView(await ctx.db.apiToken.findUniqueOrThrow({ where: { id: tokenId } }));
  });
}
