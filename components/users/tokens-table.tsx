"use client";

import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { revokeTokenAction } from "@/lib/users/actions";
import type { TokenStatus, TokenView } from "@/lib/users/schemas";
import { ConfirmButton } from "./confirm-button";
import { formatWhen, sentence, useAction } from "./use-action";

const STATUS: Record<TokenStatus, { tone: BadgeTone; label: string }> = {
  active: { tone: "up", label: "✓ active" },
  expired: { tone: "unknown", label: "⌛ expired" },
  revoked: { tone: "down", label: "✕ revoked" },
};

/** API tokens: never their secret, only the prefix that tells them apart. */
export function TokensTable({ tokens }: { tokens: TokenView[] }) {
  if (tokens.length === 0)
    return (
      <p className="text-sm text-muted-foreground">No API tokens yet. Create one above for automation.</p>
    );
  return (
    <Table data-testid="tokens-table">
      <TableHeader>
        <TableRow>
          <TableHead>Token</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Created</TableHead>
          <TableHead>Last used</TableHead>
          <TableHead>Expires</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {tokens.map((t) => (
          <TokenRow key={t.id} token={t} />
        ))}
      </TableBody>
    </Table>
  );
}

function TokenRow({ token }: { token: TokenView }) {
  const revoke = useAction(revokeTokenAction);
  return (
    <TableRow data-testid={`token-${token.prefix}`} data-status={token.status}>
      <TableCell>
        <span className="font-medium">{token.name}</span>
        <code className="block font-mono text-xs text-muted-foreground">{token.prefix}…</code>
      </TableCell>
      <TableCell>{token.role}</TableCell>
      <TableCell className="whitespace-nowrap">
        {formatWhen(token.createdAt)}
        <span className="block text-xs text-muted-foreground">by {token.createdBy}</span>
      </TableCell>
      <TableCell className="whitespace-nowrap">{formatWhen(token.lastUsedAt)}</TableCell>
      <TableCell className="whitespace-nowrap">
        {token.expiresAt ? formatWhen(token.expiresAt) : "does not expire"}
      </TableCell>
      <TableCell>
        <Badge tone={STATUS[token.status].tone}>{STATUS[token.status].label}</Badge>
        {token.revokedAt && (
          <span className="block text-xs text-muted-foreground">{formatWhen(token.revokedAt)}</span>
        )}
      </TableCell>
      <TableCell className="text-right">
        {token.status !== "revoked" && (
          <ConfirmButton
            variant="secondary"
            size="sm"
            disabled={revoke.pending}
            title={`Revoke the token "${token.name}"?`}
            description="Requests that present it are refused from now on. This cannot be undone."
            confirmLabel="Revoke"
            onConfirm={() => revoke.run({ tokenId: token.id })}
          >
            Revoke
          </ConfirmButton>
        )}
        {revoke.error && (
          <p role="alert" className="mt-1 text-xs text-danger">
            {sentence(revoke.error)}
          </p>
        )}
      </TableCell>
    </TableRow>
  );
}
