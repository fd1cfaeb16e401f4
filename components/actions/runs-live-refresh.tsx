"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Keeps the server-rendered runs list current without a reload: every 3 s while a run on it
 * is still going (its status and duration change when it ends), otherwise every 15 s on the
 * first page, where runs someone else starts appear. Paused while the tab is hidden.
 */
export function RunsLiveRefresh({ running, firstPage }: { running: boolean; firstPage: boolean }) {
  const router = useRouter();
  const everyMs = running ? 3_000 : firstPage ? 15_000 : 0;
  useEffect(() => {
    if (!everyMs) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, everyMs);
    return () => clearInterval(timer);
  }, [everyMs, router]);
  return null;
}
