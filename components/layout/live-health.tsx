"use client";

import { createContext, useContext } from "react";
import { useHealthStream } from "@/components/service-map/use-health-stream";

type LiveHealth = ReturnType<typeof useHealthStream>;

const LiveHealthContext = createContext<LiveHealth | null>(null);

/**
 * One live health stream for the whole console shell: the status strip and the command
 * palette read it from here instead of each opening its own EventSource.
 */
export function LiveHealthProvider({ children }: { children: React.ReactNode }) {
  const live = useHealthStream();
  return <LiveHealthContext.Provider value={live}>{children}</LiveHealthContext.Provider>;
}

export function useLiveHealth(): LiveHealth {
  const live = useContext(LiveHealthContext);
  if (!live) throw new Error("useLiveHealth needs a LiveHealthProvider (the console shell mounts one)");
  return live;
}
