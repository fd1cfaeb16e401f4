import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { AuditOutcome } from "@/lib/audit/schemas";

const TONE: Record<AuditOutcome, BadgeTone> = {
  started: "maintenance",
  succeeded: "up",
  failed: "down",
  denied: "degraded",
};
const ICON: Record<AuditOutcome, string> = { started: "◌", succeeded: "✓", failed: "✕", denied: "⊘" };

/** An audit outcome as a word and a shape, never color alone. */
export function OutcomeBadge({ outcome }: { outcome: AuditOutcome }) {
  return (
    <Badge tone={TONE[outcome] ?? "neutral"} data-testid="audit-outcome">
      <span aria-hidden="true">{ICON[outcome] ?? "?"}</span>
      {outcome}
    </Badge>
  );
}
