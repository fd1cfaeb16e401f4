import { Badge, type BadgeTone } from "@/components/ui/badge";
import { STATE_ICON } from "./state-style";

const TONES = new Set(["up", "degraded", "down", "unknown", "maintenance"]);

/** State shown with text and a shape, never color alone. */
export function StateBadge({ state }: { state: string }) {
  return (
    <Badge tone={(TONES.has(state) ? state : "unknown") as BadgeTone} data-state={state}>
      <span aria-hidden="true">{STATE_ICON[state] ?? "?"}</span>
      {state}
    </Badge>
  );
}
