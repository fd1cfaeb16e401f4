import type { HealthState } from "@/lib/probes/types";

/** Most urgent first: the order of the state filter, the table's state sort and stack counts. */
export const STATES: HealthState[] = ["down", "degraded", "unknown", "maintenance", "up"];

/** A shape for every state, so no state is told by color alone. */
export const STATE_ICON: Record<string, string> = {
  up: "●",
  degraded: "◆",
  down: "▲",
  unknown: "?",
  maintenance: "■",
};

/** Text colors tuned for 4.5:1 contrast in both themes (globals.css tokens). */
export const STATE_TEXT: Record<string, string> = {
  up: "text-success",
  degraded: "text-warning",
  down: "text-danger",
  unknown: "text-muted-foreground",
  maintenance: "text-blue-800 dark:text-blue-300",
};

/** Node surface and border: the border carries the state color, the surface its urgency. */
export const NODE_STYLE: Record<string, string> = {
  up: "border-state-up bg-background",
  degraded: "border-state-degraded bg-warning-surface",
  down: "border-state-down bg-danger-surface border-[3px]",
  unknown: "border-state-unknown bg-muted",
  maintenance: "border-state-maintenance bg-background",
};

/**
 * A service as a cell of the zoomed-out overview, too small for words or shapes: the trouble
 * states are solid, up and unknown lighter, so what is wrong stands out.
 */
export const CELL_STYLE: Record<string, string> = {
  up: "bg-state-up/45",
  degraded: "bg-state-degraded",
  down: "bg-state-down",
  unknown: "bg-state-unknown/45",
  maintenance: "bg-state-maintenance/60",
};

export const IMPACTED_CELL_STYLE = "bg-state-degraded/50 border-4 border-dashed border-state-degraded";

/** Up by its own checks but a dependency is down: dashed, so it reads apart from "degraded". */
export const IMPACTED_STYLE = "border-dashed border-state-degraded bg-warning-surface";

export const severity = (state: string) => {
  const i = STATES.indexOf(state as HealthState);
  return i < 0 ? STATES.length : i;
};
