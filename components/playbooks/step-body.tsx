import { formatDuration } from "@/components/service/format";
import { describeCondition } from "@/lib/playbooks/conditions";
import type { PlaybookStep } from "@/lib/playbooks/schemas";
import { MarkdownView } from "./markdown-view";

/** What a step is and does, as written in the playbook (the run page adds its live state). */
export function StepBody({ step }: { step: PlaybookStep }) {
  switch (step.kind) {
    case "instruction":
      return <MarkdownView source={step.body} />;
    case "check":
      return (
        <p className="text-sm">
          Runs the check <code>{`${step.service}/${step.check}`}</code> now and shows its result.
        </p>
      );
    case "action": {
      const params = Object.entries(step.params);
      return (
        <div className="space-y-1 text-sm">
          <p>
            Runs the action <code>{step.action}</code> on <code>{step.service}</code>
            {step.auto ? " without a click once the step before is done" : ""}.
          </p>
          {params.length > 0 && (
            <p className="text-muted-foreground">
              With {params.map(([k, v]) => `${k} = ${String(v)}`).join(", ")}
            </p>
          )}
        </div>
      );
    }
    case "wait":
      return (
        <p className="text-sm">
          Waits until {describeCondition(step.until)}, for at most {formatDuration(step.timeout)}
          {step.auto ? "; goes on by itself" : ""}.
        </p>
      );
    case "decision":
      return step.onCheck ? (
        <p className="text-sm">
          Runs <code>{`${step.onCheck.service}/${step.onCheck.check}`}</code>: passing goes to{" "}
          <code>{step.onCheck.pass}</code>, failing to <code>{step.onCheck.fail}</code>.
        </p>
      ) : (
        <div className="space-y-1 text-sm">
          {step.question && <p>{step.question}</p>}
          <ul className="list-disc pl-5">
            {step.options?.map((o) => (
              <li key={o.label}>
                {o.label} → <code>{o.goto}</code>
              </li>
            ))}
          </ul>
        </div>
      );
    case "checklist":
      return (
        <ul className="list-disc space-y-1 pl-5 text-sm">
          {step.items.map((item) => (
            <li key={item.id}>
              {item.text}
              {item.input && <span className="text-muted-foreground"> (needs {item.input.label})</span>}
            </li>
          ))}
        </ul>
      );
    case "approval":
      return (
        <p className="text-sm">
          Someone else with the {step.role} role approves before the next step runs
          {step.timeout ? `; unanswered after ${formatDuration(step.timeout)}, it is denied` : ""}.
        </p>
      );
    case "note":
      return <p className="text-sm">{step.prompt ?? "A note for the timeline."}</p>;
  }
}
