"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, useTransition } from "react";
import { fetchJson } from "@/components/service/fetch-json";
import type { VerbResult } from "@/lib/http/result";

/** Sends one command; true when the server took it (its refusal is shown as `error`). */
export type Send = (command: Record<string, unknown>) => Promise<boolean>;

/** How often to re-read while the stream is open (it says when something changed). */
const WITH_STREAM_MS = 15_000;

/**
 * A record several people follow and change at once (a playbook run, an incident): replaced by
 * what its stream (`${url}/stream`) sends when it changes (or re-read from `url` when the stream
 * sends nothing, or the page reads it with a `query`), and re-read every `everyMs` when
 * the stream is down; changed only through `command` (a verb's server action), after which it is
 * re-read at once. The server decides every change; the page shows what is stored. `viewers` is
 * who has the record open now (from the stream).
 */
export function useLiveRecord<T>(
  url: string,
  initial: T,
  everyMs: (current: T) => number,
  command: (input: Record<string, unknown>) => Promise<VerbResult<unknown>>,
  /** Added to the reads (not the stream), e.g. "?timeline=all". */
  query = "",
) {
  const queryClient = useQueryClient();
  const key = ["live-record", url, query];
  const [streaming, setStreaming] = useState(false);
  const [viewers, setViewers] = useState<string[]>([]);
  const { data = initial } = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchJson<T>(`${url}${query}`, signal),
    initialData: initial,
    refetchInterval: (q) => (streaming ? WITH_STREAM_MS : everyMs(q.state.data ?? initial)),
  });
  useEffect(() => {
    const source = new EventSource(`${url}/stream`);
    source.onopen = () => setStreaming(true);
    source.onerror = () => setStreaming(false);
    source.addEventListener("changed", (e) => {
      // The stream sends the record as the default read answers it: shown at once, no new read.
      const record = parseRecord((e as MessageEvent<string>).data);
      // A read still under way started before this change: cancel it, or its older answer
      // would land after this one and the page would go back in time until the next change.
      const own = ["live-record", url, ""];
      if (record)
        void queryClient
          .cancelQueries({ queryKey: own, exact: true })
          .then(() => queryClient.setQueryData(own, record));
      void queryClient.invalidateQueries({
        queryKey: ["live-record", url],
        predicate: (q) => !record || q.queryKey[2] !== "",
      });
    });
    source.addEventListener("viewers", (e) => {
      try {
        setViewers(JSON.parse((e as MessageEvent<string>).data) as string[]);
      } catch {
        // a malformed event changes nothing
      }
    });
    return () => source.close();
  }, [url, queryClient]);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const send: Send = (input) =>
    new Promise((resolve) =>
      startTransition(async () => {
        setError(null);
        try {
          const result = await command(input);
          if (!result.ok) setError(result.error.message);
          await queryClient.invalidateQueries({ queryKey: key });
          resolve(result.ok);
        } catch {
          setError("Opsdeck's server did not answer; nothing was changed");
          resolve(false);
        }
      }),
    );
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  return { data, send, error, pending, refresh, viewers, streaming };
}

/** The record in a `changed` event, or null when the event carries none (`{}`) or is malformed. */
function parseRecord(data: string): unknown {
  if (!data || data === "{}") return null;
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}
