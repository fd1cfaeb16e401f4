"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { LogLineView, LogStreamMessage } from "@/lib/containers/schemas";

export interface LogParams {
  container: string;
  since: string;
  tail: number;
  q: string;
  regex: boolean;
  caseSensitive: boolean;
}

export interface ShownLine extends LogLineView {
  id: number;
}

export type StreamStatus = "connecting" | "live" | "ended" | "error";

/** Lines kept in the page; older ones scroll out (the download has the full window). */
export const MAX_SHOWN = 2000;

/** The route's query; without `tail` for a download (it then takes the whole `since` window). */
export function logQueryString(p: LogParams, { tail = true } = {}): string {
  const q = new URLSearchParams({ container: p.container });
  if (tail) q.set("tail", String(p.tail));
  if (p.since) q.set("since", p.since);
  if (p.q) q.set("q", p.q);
  if (p.regex) q.set("regex", "1");
  if (p.caseSensitive) q.set("case", "1");
  return q.toString();
}

/**
 * Follows one container's log from the NDJSON route. Filtering happens on the server;
 * pausing holds new lines in the browser (shown on resume) so nothing is lost while reading.
 * A new stream opens whenever the parameters or `reconnectKey` change.
 */
export function useLogStream(serviceId: string, params: LogParams | null, reconnectKey: string) {
  const [lines, setLines] = useState<ShownLine[]>([]);
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const [message, setMessage] = useState<string>("");
  const [scanned, setScanned] = useState(0);
  const [paused, setPaused] = useState(false);
  const [heldCount, setHeldCount] = useState(0);
  const held = useRef<ShownLine[]>([]);
  const pausedRef = useRef(false);
  const nextId = useRef(0);
  const query = params ? logQueryString(params) : null;

  useEffect(() => {
    if (!query) return;
    const controller = new AbortController();
    setLines([]);
    held.current = [];
    setHeldCount(0);
    setScanned(0);
    setStatus("connecting");
    setMessage("");
    const handle = (m: LogStreamMessage) => {
      if (m.type === "lines") {
        setStatus("live");
        setScanned((n) => n + m.scanned);
        if (m.lines.length === 0) return;
        const batch = m.lines.map((l) => ({ ...l, id: nextId.current++ }));
        if (pausedRef.current) {
          held.current = [...held.current, ...batch].slice(-MAX_SHOWN);
          setHeldCount(held.current.length);
        } else setLines((prev) => [...prev, ...batch].slice(-MAX_SHOWN));
      } else if (m.type === "end") {
        setStatus("ended");
        setMessage(m.reason);
      } else {
        setStatus("error");
        setMessage(m.message);
      }
    };
    void (async () => {
      try {
        const res = await fetch(`/api/v1/services/${encodeURIComponent(serviceId)}/logs?${query}`, {
          cache: "no-store",
          signal: controller.signal,
        });
        if (!res.ok || !res.body) {
          const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
          throw new Error(body?.error?.message ?? `the server answered ${res.status}`);
        }
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let nl: number;
          while ((nl = buffer.indexOf("\n")) !== -1) {
            const text = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            if (text) handle(JSON.parse(text) as LogStreamMessage);
          }
        }
        setStatus((s) => (s === "live" || s === "connecting" ? "ended" : s));
      } catch (error) {
        if (controller.signal.aborted) return;
        setStatus("error");
        setMessage(
          error instanceof TypeError ? "the connection to Opsdeck was lost" : (error as Error).message,
        );
      }
    })();
    return () => controller.abort();
  }, [serviceId, query, reconnectKey]);

  const togglePause = useCallback(() => {
    pausedRef.current = !pausedRef.current;
    setPaused(pausedRef.current);
    if (!pausedRef.current && held.current.length) {
      const resumed = held.current;
      held.current = [];
      setHeldCount(0);
      setLines((prev) => [...prev, ...resumed].slice(-MAX_SHOWN));
    }
  }, []);

  const clear = useCallback(() => {
    setLines([]);
    held.current = [];
    setHeldCount(0);
  }, []);

  return { lines, held: heldCount, status, message, scanned, paused, togglePause, clear };
}
