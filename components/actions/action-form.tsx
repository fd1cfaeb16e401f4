"use client";

import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { runActionAction } from "@/lib/actions/actions";
import type { ActionView } from "@/lib/actions/schemas";
import { ParamField } from "./param-field";
import { fieldErrors, initialValues, requestParams, targetLabel, type FormValues } from "./param-values";
import { RunStartError, type StartError } from "./run-start-error";

export interface RunRequest {
  serviceId: string;
  actionId: string;
  params: Record<string, unknown>;
  confirmation?: string;
}
type StartResult = { ok: true; data: { runId: string } } | { ok: false; error: StartError };

const startRun = (request: RunRequest): Promise<StartResult> => runActionAction(request);

/**
 * An action's parameters and its confirmation: "confirm" names what happens to which target
 * on the button; "type-name" keeps the button off until the service's name is typed.
 */
export function ActionForm({
  action,
  serviceName,
  onStarted,
  start = startRun,
  prefill,
}: {
  action: ActionView;
  serviceName: string;
  onStarted: (runId: string) => void;
  /** Where the request goes (a playbook step sends it through its run); default: the action's own verb. */
  start?: (request: RunRequest) => Promise<StartResult>;
  /** Values given beforehand (a playbook step's parameters, taken from earlier steps). */
  prefill?: Record<string, string | number | boolean>;
}) {
  const idPrefix = useId();
  const [values, setValues] = useState<FormValues>(() => ({
    ...initialValues(action.params),
    ...Object.fromEntries(
      Object.entries(prefill ?? {}).map(([k, v]) => [k, typeof v === "boolean" ? v : String(v)]),
    ),
  }));
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<StartError | null>(null);
  const [pending, startTransition] = useTransition();
  const target = targetLabel(values, serviceName);
  const nameMatches = typed.trim() === serviceName;
  const errors = error ? fieldErrors(error.message) : {};

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (action.confirm === "type-name" && !nameMatches) return;
    setError(null);
    startTransition(async () => {
      try {
        const result = await start({
          serviceId: action.serviceId,
          actionId: action.id,
          params: requestParams(action.params, values),
          confirmation: action.confirm === "type-name" ? typed.trim() : undefined,
        });
        if (result.ok) onStarted(result.data.runId);
        else setError(result.error);
      } catch {
        setError({
          code: "unavailable",
          message: "Opsdeck's server did not answer; the action was not started",
        });
      }
    });
  }

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="action-form">
      {action.params.length > 0 && (
        <fieldset className="space-y-3">
          <legend className="sr-only">Parameters</legend>
          {action.params.map((p) => (
            <ParamField
              key={p.name}
              param={p}
              idPrefix={idPrefix}
              value={values[p.name] ?? ""}
              error={errors[p.name]}
              onChange={(v) => setValues((s) => ({ ...s, [p.name]: v }))}
            />
          ))}
        </fieldset>
      )}
      {action.confirm !== "none" && (
        <p className="text-sm" data-testid="action-consequence">
          This runs <strong>{action.title}</strong> on <strong>{target}</strong>
          {target !== serviceName && <> (service {serviceName})</>}.
          {!action.read && " Opsdeck records who ran it, when, and with which parameters."}
        </p>
      )}
      {action.confirm === "type-name" && (
        <div className="space-y-1">
          <label htmlFor={`${idPrefix}-confirm`} className="block text-sm font-medium">
            Type <span className="font-mono">{serviceName}</span> to confirm
          </label>
          <Input
            id={`${idPrefix}-confirm`}
            autoComplete="off"
            spellCheck={false}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
      )}
      {error && <RunStartError error={error} />}
      <div className="flex justify-end gap-2">
        <Button
          type="submit"
          variant={action.permission === "actions.run.safe" || action.read ? "primary" : "danger"}
          disabled={pending || (action.confirm === "type-name" && !nameMatches)}
          data-testid="action-submit"
        >
          {pending
            ? "Starting…"
            : action.confirm === "none"
              ? `Run ${action.title}`
              : `${action.title}: ${target}`}
        </Button>
      </div>
    </form>
  );
}
