"use client";

import { useEffect, useState } from "react";
import type { MapSnapshot } from "@/lib/monitor/snapshot";
import type { StateChange } from "@/lib/monitor/types";
import { applyChanges, knows, reconcile } from "./apply-change";

export type Connection = "connecting" | "open" | "error";

const MAX_BACKOFF_MS = 30_000;

/**
 * The live map: the stream's snapshot, then its changes applied in place, at most once per
 * frame (a burst of changes, e.g. a stack going down, paints once). EventSource retries a
 * dropped connection by itself; when the server refuses it (a proxy's 502, an expired
 * session) the browser gives up, so this hook opens a new one with backoff. Every connection
 * starts with a fresh snapshot. A change for something the snapshot does not know (a new
 * container) fetches the map once from the REST API.
 */
export function useHealthStream() {
  const [snapshot, setSnapshot] = useState<MapSnapshot | null>(null);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [lostAt, setLostAt] = useState<string | null>(null);

  useEffect(() => {
    let source: EventSource | null = null;
    let stopped = false;
    let backoff = 2_000;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let pending: StateChange[] = [];
    let frame = 0;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let refetching = false;

    const refetch = () => {
      if (refetching) return;
      refetching = true;
      setTimeout(async () => {
        try {
          const res = await fetch("/api/v1/map", { cache: "no-store" });
          if (res.ok) {
            const fresh = (await res.json()) as MapSnapshot;
            setSnapshot((current) => reconcile(current, fresh));
          }
        } finally {
          refetching = false;
        }
      }, 300);
    };
    const flush = () => {
      cancelAnimationFrame(frame);
      clearTimeout(flushTimer);
      frame = 0;
      const changes = pending;
      pending = [];
      if (changes.length === 0) return;
      setSnapshot((current) => {
        if (!current) return current;
        if (changes.some((c) => !knows(current, c))) refetch();
        return applyChanges(current, changes);
      });
    };
    const lost = () => {
      setConnection("error");
      setLostAt((at) => at ?? new Date().toISOString());
    };
    const open = () => {
      source = new EventSource("/api/v1/stream");
      source.addEventListener("snapshot", (e) => {
        const fresh = JSON.parse((e as MessageEvent<string>).data) as MapSnapshot;
        pending = [];
        setSnapshot((current) => reconcile(current, fresh));
        setConnection("open");
        setLostAt(null);
        backoff = 2_000;
      });
      source.addEventListener("change", (e) => {
        pending.push(JSON.parse((e as MessageEvent<string>).data) as StateChange);
        // rAF paints with the next frame; the timer covers hidden tabs, where rAF does not run.
        if (!frame) {
          frame = requestAnimationFrame(flush);
          flushTimer = setTimeout(flush, 250);
        }
      });
      source.addEventListener("error", () => {
        lost();
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          reopenTimer = setTimeout(open, backoff);
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
      });
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(reopenTimer);
      cancelAnimationFrame(frame);
      clearTimeout(flushTimer);
      source?.close();
    };
  }, []);

  return { snapshot, connection, lostAt };
}
