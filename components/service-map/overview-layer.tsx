"use client";

import { ViewportPortal } from "@xyflow/react";
import { memo } from "react";
import { cn } from "@/components/ui/cn";
import type { OverviewStack } from "./build-graph";
import { StackHeader } from "./service-node";
import { CELL_STYLE, IMPACTED_CELL_STYLE } from "./state-style";

/**
 * A stack below readable zoom: its header, and each service as a plain cell filled with its
 * state's colour where its node would be (what the eye can take in at that size), with its name
 * and state as a hover title. The box is a button: its label says the counts in words, and a
 * click or Enter zooms in on the stack. Memoized on its item, which only changes when one of the
 * stack's services does.
 */
const StackOverview = memo(function StackOverview({
  item,
  onOpen,
}: {
  item: OverviewStack;
  onOpen: (stackId: string) => void;
}) {
  const { stack, box, cells, size } = item;
  return (
    <div
      role="button"
      tabIndex={0}
      aria-label={item.label}
      data-testid={`stack-${stack.id}`}
      data-state={stack.status}
      data-view="overview"
      className="pointer-events-auto absolute cursor-zoom-in rounded-lg border border-border bg-surface/70 focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-ring"
      style={{ left: box.x, top: box.y, width: box.width, height: box.height }}
      onClick={() => onOpen(stack.id)}
      onKeyDown={(event) => {
        if (event.key !== "Enter" && event.key !== " ") return;
        event.preventDefault();
        onOpen(stack.id);
      }}
    >
      <StackHeader stack={stack} counts={item.counts} />
      {cells.map(({ service: s, x, y }) => (
        <div
          key={s.id}
          data-testid={`service-${s.id}`}
          data-map-service=""
          data-state={s.status}
          data-impacted={s.impactedBy ? "true" : "false"}
          title={`${s.name}: ${s.status}${s.impactedBy ? " (impacted)" : ""}`}
          className={cn(
            "absolute rounded-md",
            s.impactedBy && s.status === "up"
              ? IMPACTED_CELL_STYLE
              : (CELL_STYLE[s.status] ?? CELL_STYLE.unknown),
          )}
          style={{ left: x, top: y, width: size.width, height: size.height }}
        />
      ))}
    </div>
  );
});

/** Every overview stack, in the map's coordinates (panned and zoomed with it), over the edges. */
export function OverviewLayer({
  stacks,
  onOpen,
}: {
  stacks: OverviewStack[];
  onOpen: (stackId: string) => void;
}) {
  return (
    <ViewportPortal>
      <div data-testid="map-overview" className="absolute top-0 left-0">
        {stacks.map((item) => (
          <StackOverview key={item.id} item={item} onOpen={onOpen} />
        ))}
      </div>
    </ViewportPortal>
  );
}
