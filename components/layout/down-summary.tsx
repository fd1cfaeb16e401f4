"use client";

import Link from "next/link";
import { Skeleton } from "@/components/ui/skeleton";
import { useLiveHealth } from "./live-health";

const SHOWN = 3;

/**
 * The strip's first answer to "what is broken?": how many services are down and which.
 * Announced politely when it changes; a fixed height so it never pushes the page down.
 */
export function DownSummary() {
  const { snapshot, connection } = useLiveHealth();
  if (!snapshot) {
    return (
      <p className="flex min-w-0 items-center gap-2 text-sm text-muted-foreground" data-testid="down-summary">
        <Skeleton as="span" className="inline-block h-4 w-40" />
        <span className="sr-only">Loading live status…</span>
      </p>
    );
  }
  const down = snapshot.services.filter((s) => s.status === "down");
  const degraded = snapshot.services.filter((s) => s.status === "degraded").length;
  const stale = connection !== "open";
  return (
    <p
      aria-live="polite"
      aria-atomic="true"
      data-testid="down-summary"
      data-down={down.length}
      className="flex min-w-0 items-center gap-1.5 truncate text-sm"
    >
      {down.length === 0 ? (
        <span className="text-success">
          <span aria-hidden="true">● </span>
          {snapshot.services.length === 0
            ? "No services yet"
            : `Nothing down · ${snapshot.services.length} services`}
        </span>
      ) : (
        <>
          <span className="font-semibold text-danger">
            <span aria-hidden="true">▲ </span>
            {down.length} down:
          </span>
          {down.slice(0, SHOWN).map((s, i) => (
            <span key={s.id} className="truncate">
              <Link
                href={`/services/${encodeURIComponent(s.id)}`}
                className="font-medium underline-offset-2 hover:underline"
              >
                {s.name}
              </Link>
              {i < Math.min(down.length, SHOWN) - 1 ? "," : ""}
            </span>
          ))}
          {down.length > SHOWN && (
            <Link href="/services" className="shrink-0 text-muted-foreground hover:underline">
              and {down.length - SHOWN} more
            </Link>
          )}
        </>
      )}
      {degraded > 0 && <span className="shrink-0 text-warning">· {degraded} degraded</span>}
      {stale && (
        <span className="shrink-0 font-medium text-warning" data-testid="strip-stream-state">
          · live updates disconnected, reconnecting…
        </span>
      )}
    </p>
  );
}
