import { Badge } from "@/components/ui/badge";
import type { ImportResult } from "@/lib/runbook-import/types";

/** What the reviewer should look at: the suggestions (for one draft, or all), warnings, and sections left out. */
export function RunbookImportNotes({ result, draftId }: { result: ImportResult; draftId?: string }) {
  const suggestions = result.suggestions.filter((s) => !draftId || s.draftId === draftId);
  const left = result.sections.filter((s) => s.note && !s.draftId);
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <section aria-labelledby="runbook-suggestions" className="space-y-2">
        <h2 id="runbook-suggestions" className="text-base font-semibold">
          Suggestions ({suggestions.length})
        </h2>
        {suggestions.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            No command matched a declared check or action
            {draftId ? " in this draft" : ""}. They stay as instructions to copy.
          </p>
        ) : (
          <ul aria-label="Suggestions" className="space-y-1 text-sm">
            {suggestions.map((s, i) => (
              <li key={i} className="rounded-md border border-border bg-surface px-3 py-2">
                {s.type === "step" ? (
                  <>
                    <Badge>{s.kind}</Badge>{" "}
                    <code>
                      {s.service}/{s.target}
                    </code>{" "}
                    <span className="text-muted-foreground">
                      for line {s.line} in {s.draftId} ({s.confidence}): {s.reason}
                    </span>
                  </>
                ) : (
                  <>
                    <Badge tone="degraded">condition</Badge> {s.metric}
                    {s.warn && ` warn ${s.warn}`}
                    {s.critical && ` critical ${s.critical}`}{" "}
                    <span className="text-muted-foreground">
                      (line {s.line}){s.trigger ? `; trigger ${s.trigger.slice(2)}` : ""}
                    </span>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
        <p className="text-xs text-muted-foreground">
          In the YAML each suggestion is a commented-out step after the one it concerns: remove the{" "}
          <code># </code> to use it.
        </p>
      </section>
      <section aria-labelledby="runbook-notes" className="space-y-2 text-sm">
        <h2 id="runbook-notes" className="text-base font-semibold">
          Read as
        </h2>
        <p className="text-muted-foreground">
          {result.lines} lines{result.plainText ? " of plain text (no markdown structure)" : ""},{" "}
          {result.playbooks.length} draft(s),{" "}
          {result.playbooks.reduce((n, p) => n + p.playbook.steps.length, 0)} steps.
        </p>
        {result.warnings.length > 0 && (
          <ul aria-label="Warnings" className="list-disc pl-5 text-amber-700 dark:text-amber-400">
            {result.warnings.map((w, i) => (
              <li key={i}>
                {w.line ? `Line ${w.line}: ` : ""}
                {w.message}
              </li>
            ))}
          </ul>
        )}
        {left.length > 0 && (
          <ul aria-label="Sections without a draft" className="list-disc pl-5 text-muted-foreground">
            {left.map((s) => (
              <li key={s.line}>
                {s.title} (line {s.line}): {s.note}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
