"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { fetchJson } from "@/components/service/fetch-json";
import type { VerbResult } from "@/lib/http/result";

/** Sends one command; true when the server took it (its refusal is shown as `error`). */
export type Send = (command: Record<string, unknown>) => Promise<boolean>;

/**
 * A record several people follow and change at once (a playbook run, an incident): re-read
 * from `url` every `everyMs`, and changed only through `command` (a verb's server action), after
 * which it is re-read at once. The server decides every change; the page shows what is stored.
 */
export function useLiveRecord<T>(
  url: string,
  initial: T,
  everyMs: (current: T) => number,
  command: (input: Record<string, unknown>) => Promise<VerbResult<unknown>>,
) {
  const queryClient = useQueryClient();
  const key = ["live-record", url];
  const { data = initial } = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchJson<T>(url, signal),
    initialData: initial,
    refetchInterval: (q) => everyMs(q.state.data ?? initial),
  });
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
  return { data, send, error, pending, refresh };
}
