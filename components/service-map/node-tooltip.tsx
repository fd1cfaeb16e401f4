"use client";

import { useStore } from "@xyflow/react";
import type { Service } from "./apply-change";
import { formatTime } from "./service-node";

const WIDTH = 288;
const GAP = 6;

/**
 * The reason behind a node's state, for the node under the pointer or with keyboard focus.
 * One tooltip for the whole map, in screen coordinates: readable at any zoom, and 500 nodes
 * do not each carry a hidden copy.
 */
export function NodeTooltip({
  service,
  at,
  size,
}: {
  service: Service | undefined;
  at: { x: number; y: number } | undefined;
  size: { width: number; height: number };
}) {
  const [tx, ty, zoom] = useStore((s) => s.transform);
  const pane = { width: useStore((s) => s.width), height: useStore((s) => s.height) };
  if (!service || !at) return null;
  const left = Math.max(GAP, Math.min(at.x * zoom + tx, pane.width - WIDTH - GAP));
  const below = (at.y + size.height) * zoom + ty + GAP;
  // Near the bottom edge, open upwards so the pane does not clip it.
  const above = below > pane.height - 140;
  return (
    <div
      role="tooltip"
      className="pointer-events-none absolute z-10 space-y-1 rounded-md bg-zinc-900 p-2.5 text-xs text-zinc-50 shadow-lg dark:bg-zinc-100 dark:text-zinc-900"
      style={{
        width: WIDTH,
        left,
        top: above ? at.y * zoom + ty - GAP : below,
        transform: above ? "translateY(-100%)" : undefined,
      }}
    >
      <p className="font-semibold">
        {service.name}: {service.status}
      </p>
      <p className="break-words">{service.reason}</p>
      {service.impactedBy && <p className="font-medium break-words">{service.impactedBy.reason}</p>}
      <p>since {formatTime(service.since)}</p>
      {service.owner && <p>owner: {service.owner}</p>}
      <p className="opacity-80">Right-click or Shift+F10 for actions</p>
    </div>
  );
}
