"use client";

import type { NodeProps } from "@xyflow/react";
import { memo } from "react";
import { cn } from "@/components/ui/cn";
import type { ServiceNodeType, StackNodeData, StackNodeType } from "./build-graph";
import { IMPACTED_STYLE, NODE_STYLE, STATE_ICON, STATE_TEXT } from "./state-style";

// One formatter each: toLocaleString() builds a new one per call, ~0.1 ms x 500 nodes.
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "medium" });
const CLOCK = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

function format(formatter: Intl.DateTimeFormat, iso: string | undefined) {
  const d = iso ? new Date(iso) : null;
  return d && !Number.isNaN(d.getTime()) ? formatter.format(d) : "";
}

export const formatTime = (iso: string | undefined) => format(DATE_TIME, iso);
const formatClock = (iso: string) => format(CLOCK, iso);

/**
 * One service: state as border color, surface, shape and word; when impacted, the root cause.
 * The full reason is in the map's one shared tooltip (NodeTooltip), which keeps each of the
 * 500 nodes small. Memoized on its data object, which only changes when this service changes.
 */
export const ServiceNode = memo(function ServiceNode({ data }: NodeProps<ServiceNodeType>) {
  const { service: s, rootNames } = data;
  const impacted = Boolean(s.impactedBy);
  return (
    <div
      data-testid={`service-${s.id}`}
      data-map-service=""
      data-state={s.status}
      data-impacted={impacted ? "true" : "false"}
      className={cn(
        "relative flex h-full w-full flex-col justify-center gap-0.5 rounded-md border-2 px-2.5 text-left",
        impacted && s.status === "up" ? IMPACTED_STYLE : (NODE_STYLE[s.status] ?? NODE_STYLE.unknown),
      )}
    >
      <div className="flex min-w-0 items-center gap-1.5">
        <span aria-hidden="true" className={cn("shrink-0 text-sm", STATE_TEXT[s.status])}>
          {STATE_ICON[s.status] ?? "?"}
        </span>
        {/*
          One tab stop per node: the node itself (Enter opens it). The plain link is for the
          mouse (a click is routed by the map; middle-click opens a tab): next/link costs
          ~0.1 ms per instance, which 500 nodes feel.
        */}
        <a
          href={`/services/${encodeURIComponent(s.id)}`}
          tabIndex={-1}
          className="truncate text-sm font-semibold text-foreground hover:underline"
        >
          {s.name}
        </a>
      </div>
      <p className="truncate text-xs">
        <span className={cn("font-medium", STATE_TEXT[s.status])}>{s.status}</span>
        {impacted ? (
          <span data-testid="impact" className="font-medium text-warning">
            {" "}
            · impacted by {rootNames}
          </span>
        ) : (
          // An up service's reason ("HTTP 200 in 3 ms") is noise at a glance; when it came up is not.
          <span className="text-muted-foreground">
            {" "}
            · {s.status === "up" ? `since ${formatClock(s.since)}` : s.reason}
          </span>
        )}
      </p>
    </div>
  );
});

export function StackHeader({ stack, counts }: StackNodeData) {
  return (
    <div className="flex h-11 items-center gap-3 border-b border-border px-3">
      <h2 className="truncate text-sm font-semibold text-foreground">{stack.name}</h2>
      <ul aria-label={`${stack.name}: services by state`} className="ml-auto flex shrink-0 gap-2.5 text-xs">
        {counts.map(([state, n]) => (
          <li key={state} data-count={state} className={cn("font-medium", STATE_TEXT[state])}>
            <span aria-hidden="true">{STATE_ICON[state]} </span>
            {n} {state}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A stack's group box; its header counts services by state (shape and word, not color alone). */
export const StackNode = memo(function StackNode({ data }: NodeProps<StackNodeType>) {
  return (
    <div
      data-testid={`stack-${data.stack.id}`}
      data-state={data.stack.status}
      className="h-full w-full rounded-lg border border-border bg-surface/70"
    >
      <StackHeader stack={data.stack} counts={data.counts} />
    </div>
  );
});
