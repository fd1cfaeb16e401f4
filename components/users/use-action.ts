"use client";

import { useCallback, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/users/schemas";

/**
 * Calls a server action of the users page: pending flag, and the refusal to show. Expected
 * refusals come back as values; a thrown error means the request itself did not get through.
 */
export function useAction<I, T>(action: (input: I) => Promise<ActionResult<T>>) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    (input: I, onOk?: (data: T) => void) =>
      startTransition(async () => {
        setError(null);
        try {
          const result = await action(input);
          if (result.ok) onOk?.(result.data);
          else setError(result.error.message);
        } catch {
          setError("The server could not be reached; nothing was changed. Try again.");
        }
      }),
    [action],
  );
  return { pending, error, run, clearError: () => setError(null) };
}

/** A refusal as a sentence, capitalised: the server's messages start lower-case. */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** A fixed, timezone-free rendering, so the server's HTML and the browser's agree. */
export function formatWhen(iso: string | null): string {
  return iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "never";
}
