"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/**
 * A page failed to render. Server errors reach the browser without their message (Next.js
 * hides it); the digest is what to search for in the server log.
 */
export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <EmptyState
      tone="error"
      headingLevel="h1"
      title="This page could not be shown"
      action={
        <>
          <Button onClick={() => retry()}>Try again</Button>
          <Button asChild variant="secondary">
            <Link href="/map">Go to the service map</Link>
          </Button>
        </>
      }
    >
      <p>
        Something failed while loading it. The status strip above says whether Opsdeck can reach Docker, its
        database and Redis; if one is down, this page may work again when it returns.
      </p>
      {digest ? (
        <p>
          The server log has the details under reference <code>{digest}</code>.
        </p>
      ) : (
        error instanceof Error && <p className="break-words">Error: {error.message}</p>
      )}
    </EmptyState>
  );
}
