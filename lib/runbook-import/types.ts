import type { PlaybookConfig } from "@/lib/playbooks/schemas";
import type { Match } from "./match";
import type { Threshold } from "./thresholds";

/** What importing a runbook gives: draft playbooks with their YAML, and what a reviewer should look at. */
export interface ImportResult {
  /** The runbook's title (its first heading, or the file name). */
  title: string;
  /** One draft per procedure-like section, in the order of the runbook. */
  playbooks: DraftPlaybook[];
  /** Every draft in one YAML stream (`---` between them), for review in one file. */
  yaml: string;
  suggestions: Suggestion[];
  warnings: ImportWarning[];
  /** Every heading of the runbook and what became of it. */
  sections: SectionOutcome[];
  /** Which source lines each draft and step came from. */
  sourceMap: SourceSpan[];
  lines: number;
  /** Read without markdown structure (numbered headings, bare command lines). */
  plainText: boolean;
}

export interface DraftPlaybook {
  id: string;
  title: string;
  /** The headings it comes from, outermost first. */
  path: string[];
  line: number;
  end: number;
  playbook: PlaybookConfig;
  /** This draft alone, as a playbooks/<id>.yml file with the suggestions as comments. */
  yaml: string;
}

export type Suggestion =
  | (Match & {
      /** Suggests a step: an action or a check to use instead of copying the command. */
      type: "step";
      draftId: string;
      stepId: string;
      /** The step to paste, as YAML (a flow mapping in a list item). */
      yaml: string;
      command: string;
      line: number;
    })
  | (Threshold & {
      /** A threshold the runbook states: a metric condition for opsdeck.yml, a trigger when a check records it. */
      type: "condition";
      draftId: string;
      /** The trigger to paste under `triggers:`, when a declared check records the metric. */
      trigger?: string;
      /** The metric with warn/critical, for the check in opsdeck.yml. */
      config: string;
    });

export interface ImportWarning {
  line?: number;
  message: string;
}

export interface SectionOutcome {
  title: string;
  level: number;
  line: number;
  /** The draft it became (or is part of). */
  draftId?: string;
  /** Why it became no draft. */
  note?: string;
}

export interface SourceSpan {
  draftId: string;
  stepId?: string;
  line: number;
  end: number;
}
