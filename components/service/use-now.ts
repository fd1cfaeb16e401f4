"use client";

import { useEffect, useState } from "react";

/** The current time, refreshed every `everyMs`, for "5 min ago" labels that stay true. */
export function useNow(everyMs = 5000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
