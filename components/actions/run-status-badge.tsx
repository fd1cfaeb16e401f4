import { Badge } from "@/components/ui/badge";
import type { RunStatus } from "@/lib/actions/schemas";
import { STATUS_ICON, STATUS_TONE } from "./format";

/** A run's status as a word and a shape, never color alone. */
export function RunStatusBadge({ status }: { status: RunStatus }) {
  return (
    <Badge tone={STATUS_TONE[status] ?? "neutral"} data-testid="run-status" data-status={status}>
      <span aria-hidden="true">{STATUS_ICON[status] ?? "?"}</span>
      {status}
    </Badge>
  );
}
