import Link from "next/link";
import { runHref } from "./format";

export interface StartError {
  code: string;
  message: string;
  runId?: string;
}

/** Why a run did not start; "already running" links to the run that holds the target. */
export function RunStartError({ error }: { error: StartError }) {
  return (
    <div
      role="alert"
      data-testid="run-start-error"
      data-code={error.code}
      className="rounded-md border border-red-300 bg-danger-surface px-3 py-2 text-sm text-danger dark:border-red-900"
    >
      <p>{sentence(error.message)}</p>
      {error.runId && (
        <p className="mt-1">
          <Link href={runHref(error.runId)} className="font-medium underline underline-offset-2">
            See the running output
          </Link>
        </p>
      )}
    </div>
  );
}

const sentence = (text: string) => (text ? text[0].toUpperCase() + text.slice(1) : text);
