"use client";

import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { parseFilter } from "@/lib/containers/log-filter";
import type { ContainerView } from "@/lib/containers/schemas";
import { MAX_LOG_TAIL } from "@/lib/containers/schemas";
import { LogLine } from "./log-line";
import { LogToolbar, type ToolbarState } from "./log-toolbar";
import { logQueryString, MAX_SHOWN, useLogStream, type LogParams } from "./use-log-stream";

/**
 * Live logs of one container of the service: stdout and stderr marked, filtered on the server,
 * pausable, downloadable. Follows the bottom unless the reader scrolled up.
 */
export function LogViewer({ serviceId, containers }: { serviceId: string; containers: ContainerView[] }) {
  const firstRunning = containers.find((c) => c.state === "running") ?? containers[0];
  const [state, setState] = useState<ToolbarState>({
    container: firstRunning?.id ?? "",
    since: "",
    text: "",
    regex: false,
    caseSensitive: false,
  });
  // Typing should not reopen the stream on every key: apply the filter once typing pauses.
  const text = useDebounced(state.text, 300);
  const filter = parseFilter({ q: text, regex: state.regex, caseSensitive: state.caseSensitive });
  const liveFilter = parseFilter({ q: state.text, regex: state.regex, caseSensitive: state.caseSensitive });
  const selected = containers.find((c) => c.id === state.container) ?? firstRunning;
  const params: LogParams | null =
    selected && filter.ok
      ? {
          container: selected.id,
          since: state.since,
          tail: state.since ? MAX_LOG_TAIL : 500,
          q: text,
          regex: state.regex,
          caseSensitive: state.caseSensitive,
        }
      : null;
  // A container that starts again gets a new stream (the old one ended with it).
  const stream = useLogStream(serviceId, params, `${selected?.state}:${selected?.restartCount}`);
  const box = useStickToBottom(stream.lines.length);

  if (!selected)
    return (
      <p className="text-sm text-muted-foreground">
        This service has no containers, so there are no logs to show.
      </p>
    );

  const downloadQuery = params ? logQueryString(params, { tail: !state.since }) : "";
  return (
    <div className="space-y-3" data-testid="log-viewer">
      <LogToolbar
        containers={containers}
        state={{ ...state, container: selected.id }}
        onChange={(next) => setState((s) => ({ ...s, ...next }))}
        filterError={liveFilter.ok ? null : liveFilter.message}
        paused={stream.paused}
        onTogglePause={stream.togglePause}
        onClear={stream.clear}
        downloadHref={`/api/v1/services/${encodeURIComponent(serviceId)}/logs/download?${downloadQuery}`}
      />
      <p className="text-xs text-muted-foreground" data-testid="log-status" data-status={stream.status}>
        {stream.status === "connecting" && "Connecting…"}
        {stream.status === "live" && `Live · ${stream.scanned} lines read, ${stream.lines.length} shown`}
        {stream.status === "ended" && `Ended: ${stream.message}`}
        {stream.paused && (
          <span className="ml-2 font-medium text-warning" data-testid="log-held">
            Paused · {stream.held} new lines held
          </span>
        )}
        {stream.lines.length >= MAX_SHOWN &&
          ` · showing the last ${MAX_SHOWN}; download for the whole window`}
      </p>
      {stream.status === "error" && (
        <p
          role="alert"
          className="rounded-md border border-red-300 bg-danger-surface px-3 py-2 text-sm text-danger"
        >
          {stream.message}
        </p>
      )}
      <div
        ref={box}
        role="log"
        aria-live="off"
        aria-label={`Log of ${selected.name}`}
        tabIndex={0}
        data-testid="log-lines"
        className="h-96 overflow-auto rounded-md border border-border bg-surface py-1 font-mono text-xs leading-5"
      >
        {stream.lines.length === 0 ? (
          <p className="px-2 text-muted-foreground">
            {stream.status === "connecting"
              ? "Waiting for the log…"
              : "No lines yet" + (text ? " match the filter." : ".")}
          </p>
        ) : (
          stream.lines.map((line) => <LogLine key={line.id} line={line} />)
        )}
      </div>
    </div>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Keeps the box scrolled to the newest line while the reader is at the bottom. */
function useStickToBottom(count: number) {
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onScroll = () => (atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24);
    el.addEventListener("scroll", onScroll, { passive: true });
    return () => el.removeEventListener("scroll", onScroll);
  }, []);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [count]);
  return ref;
}
