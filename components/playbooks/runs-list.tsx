import Link from "next/link";
import { LocalTime } from "@/components/actions/local-time";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { RunRow } from "@/lib/playbooks/runner";

const TONE: Record<string, BadgeTone> = {
  running: "maintenance",
  paused: "degraded",
  completed: "up",
  abandoned: "down",
};

/** Playbook runs, newest first: status, who runs it, where it is. */
export function RunsList({ runs, showTitle = false }: { runs: RunRow[]; showTitle?: boolean }) {
  return (
    <ul className="divide-y divide-border rounded-lg border border-border bg-surface text-sm">
      {runs.map((r) => {
        const current = r.playbook.steps.find((s) => s.id === r.state.current);
        return (
          <li key={r.id} className="flex flex-wrap items-center gap-2 px-3 py-2">
            <Badge tone={TONE[r.status] ?? "neutral"}>{r.status}</Badge>
            <Link href={`/playbooks/runs/${r.id}`} className="font-medium hover:underline">
              {showTitle ? r.title : `Run by ${r.startedBy}`}
            </Link>
            {r.state.props.severity && <Badge>{r.state.props.severity}</Badge>}
            {r.state.props.service && <span className="text-muted-foreground">{r.state.props.service}</span>}
            {current && <span className="text-muted-foreground">at “{current.title}”</span>}
            <span className="ml-auto text-xs text-muted-foreground">
              {r.state.owner.name} · <LocalTime iso={r.startedAt} />
            </span>
          </li>
        );
      })}
    </ul>
  );
}
