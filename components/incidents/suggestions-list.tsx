import Link from "next/link";
import { LocalTime } from "@/components/actions/local-time";
import { Badge } from "@/components/ui/badge";
import type { IncidentSuggestion } from "@/lib/incidents/suggestions";

/**
 * Failing services nobody has declared an incident for (none inside a maintenance window), each
 * with a link that opens the declare form prefilled.
 */
export function SuggestionsList({
  suggestions,
  canDeclare,
}: {
  suggestions: IncidentSuggestion[];
  canDeclare: boolean;
}) {
  if (suggestions.length === 0) return null;
  return (
    <section
      aria-labelledby="suggestions-heading"
      className="mb-4 rounded-lg border border-border bg-surface p-3"
    >
      <h2 id="suggestions-heading" className="mb-2 text-sm font-semibold">
        Failing without an incident
      </h2>
      <ul className="space-y-1 text-sm" aria-label="Suggested incidents">
        {suggestions.map((s) => (
          <li
            key={s.serviceId}
            className="flex flex-wrap items-center gap-2"
            data-testid="incident-suggestion"
          >
            <Badge tone={s.status}>{s.status}</Badge>
            <Link
              href={`/services/${encodeURIComponent(s.serviceId)}`}
              className="font-medium hover:underline"
            >
              {s.name}
            </Link>
            <span className="text-muted-foreground">
              since <LocalTime iso={s.since} />
              {s.impacted.length > 0 && ` · also failing under it: ${s.impacted.join(", ")}`}
            </span>
            {canDeclare && (
              <Link
                href={`/incidents?declare=1&service=${encodeURIComponent(s.serviceId)}&title=${encodeURIComponent(s.title)}`}
                className="underline underline-offset-2"
              >
                Declare an incident
              </Link>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
