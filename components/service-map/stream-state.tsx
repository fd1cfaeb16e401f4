import { cn } from "@/components/ui/cn";
import type { Connection } from "./use-health-stream";

/**
 * Whether what the page shows is live. When the stream drops, the states on screen are the
 * last known ones: say so, and since when, until the reconnect brings a fresh snapshot.
 */
export function StreamState({ connection, lostAt }: { connection: Connection; lostAt: string | null }) {
  const since = lostAt ? new Date(lostAt).toLocaleTimeString() : "";
  return (
    <p
      role="status"
      data-testid="stream-state"
      data-connection={connection}
      className={cn(
        "inline-flex h-8 items-center gap-1.5 rounded-md border px-2.5 text-xs font-medium",
        connection === "open" && "border-border text-success",
        connection === "connecting" && "border-border text-muted-foreground",
        connection === "error" && "border-red-300 bg-danger-surface text-danger dark:border-red-900",
      )}
    >
      <span aria-hidden="true">{connection === "open" ? "●" : connection === "error" ? "▲" : "…"}</span>
      {connection === "open"
        ? "Live"
        : connection === "connecting"
          ? "Connecting…"
          : `Disconnected${since ? ` since ${since}` : ""}: reconnecting; states may be stale`}
    </p>
  );
}
