"use client";

import { useSyncExternalStore } from "react";

const FORMAT = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

const subscribe = () => () => undefined;

/** False while rendering on the server and hydrating, true after: for text only the browser knows. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/**
 * A timestamp in the reader's time zone. The server does not know that zone, so it renders
 * UTC and the browser replaces it once hydrated: no mismatch, no wrong hour.
 */
export function LocalTime({ iso, className }: { iso: string | undefined | null; className?: string }) {
  const hydrated = useHydrated();
  if (!iso) return <span className={className}>—</span>;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return <span className={className}>{iso}</span>;
  return (
    <time dateTime={iso} title={iso} className={className}>
      {hydrated ? FORMAT.format(date) : `${iso.slice(0, 19).replace("T", " ")} UTC`}
    </time>
  );
}
