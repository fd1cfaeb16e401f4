import "server-only";
import type { Actor } from "@/lib/audit/schemas";
import { hashToken, newTokenSecret } from "@/lib/auth/tokens";
import { audited, deny, parseInput, refTarget, requireManage, type UsersContext } from "./guard";
import { toTokenView } from "./queries";
import { roleCeilingError } from "./rules";
import { createTokenInputSchema, type TokenView } from "./schemas";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Enough of the secret to tell tokens apart in a list; the remaining ~200 bits stay secret. */
const PREFIX_LENGTH = 12;

export interface CreatedToken {
  token: TokenView;
  /** The only time the secret exists outside the caller's hands: only its sha256 is stored. */
  secret: string;
}

/** An API token for automation, scoped to a role no higher than its creator's. */
export async function createToken(ctx: UsersContext, actor: Actor, input: unknown): Promise<CreatedToken> {
  await requireManage(ctx, actor, { action: "token.create", target: refTarget(input) });
  const data = parseInput(createTokenInputSchema, input);
  const secret = newTokenSecret();
  const prefix = secret.slice(0, PREFIX_LENGTH);
  const intent = {
    action: "token.create",
    target: `token:${prefix}`,
    params: { name: data.name, role: data.role, expiresInDays: data.expiresInDays ?? null },
  };
  const ceiling = roleCeilingError(actor.role, data.role, "token");
  if (ceiling) await deny(ctx, actor, intent, ceiling);
  return audited(ctx, actor, intent, async () => {
    const row = await ctx.db.apiToken.create({
      data: {
        name: data.name,
        tokenHash: hashToken(secret),
        prefix,
        role: data.role,
        createdById: actor.id ?? actor.name,
        expiresAt: data.expiresInDays ? new Date(Date.now() + data.expiresInDays * DAY_MS) : null,
      },
    });
    return { token: toTokenView(row, actor.type === "user" ? actor.name : undefined), secret };
  });
}
