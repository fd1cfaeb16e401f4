"use client";

import { useEffect, useRef, useState } from "react";
import type { MapSnapshot } from "@/lib/monitor/snapshot";
import type { StateChange } from "@/lib/monitor/types";

export type Connection = "connecting" | "open" | "error";

function applyChange(snapshot: MapSnapshot, change: StateChange): MapSnapshot {
  if (change.type === "service") {
    return {
      ...snapshot,
      services: snapshot.services.map((s) =>
        s.id === change.id
          ? {
              ...s,
              status: change.to,
              reason: change.reason,
              since: change.at,
              impactedBy: change.impactedBy,
            }
          : s,
      ),
    };
  }
  if (change.type === "stack") {
    return {
      ...snapshot,
      stacks: snapshot.stacks.map((s) =>
        s.id === change.id ? { ...s, status: change.to, reason: change.reason } : s,
      ),
    };
  }
  return {
    ...snapshot,
    services: snapshot.services.map((s) =>
      s.id === change.serviceId
        ? {
            ...s,
            checks: s.checks.map((c) =>
              c.id === change.id ? { ...c, status: change.to, reason: change.reason, since: change.at } : c,
            ),
          }
        : s,
    ),
  };
}

/**
 * The live map: the stream's snapshot, then changes applied in place. EventSource reconnects by
 * itself and the server sends a fresh snapshot on every connection. Changes for items the
 * snapshot does not know (a new container) trigger one fresh snapshot from the REST API.
 */
export function useHealthStream() {
  const [snapshot, setSnapshot] = useState<MapSnapshot | null>(null);
  const [connection, setConnection] = useState<Connection>("connecting");
  const refetching = useRef(false);

  useEffect(() => {
    const source = new EventSource("/api/v1/stream");
    const refetch = () => {
      if (refetching.current) return;
      refetching.current = true;
      setTimeout(async () => {
        try {
          const res = await fetch("/api/v1/map", { cache: "no-store" });
          if (res.ok) setSnapshot(await res.json());
        } finally {
          refetching.current = false;
        }
      }, 300);
    };
    source.addEventListener("open", () => setConnection("open"));
    source.addEventListener("error", () => setConnection("error"));
    source.addEventListener("snapshot", (e) => {
      setSnapshot(JSON.parse((e as MessageEvent).data));
      setConnection("open");
    });
    source.addEventListener("change", (e) => {
      const change = JSON.parse((e as MessageEvent).data) as StateChange;
      setSnapshot((current) => {
        if (!current) return current;
        const known =
          change.type === "stack"
            ? current.stacks.some((s) => s.id === change.id)
            : current.services.some((s) => s.id === (change.serviceId ?? change.id));
        if (!known) refetch();
        return applyChange(current, change);
      });
    });
    return () => source.close();
  }, []);

  return { snapshot, connection };
}
