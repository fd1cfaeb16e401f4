import "server-only";
import { actionService } from "@/lib/actions/runtime";
import { auditWriter } from "@/lib/audit/log";
import { getDb } from "@/lib/infra/db";
import { recordChannel } from "@/lib/live/runtime";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import { processSingleton } from "@/lib/infra/process-registry";
import { runProbe } from "@/lib/probes";
import type { ProbeResult } from "@/lib/probes/types";
import { getRuntime, mapSnapshot } from "@/lib/monitor/runtime";
import { checkStepResult } from "./check-result";
import { playbookCatalog, playbooksView } from "./runtime";
import { PlaybookRunner } from "./runner";

/** The process's playbook runner; runs under way are picked up again on first use. */
export function playbookRunner(): PlaybookRunner {
  return processSingleton(
    "playbook-runner",
    () => {
      const runner = new PlaybookRunner({
        db: getDb,
        playbook: async (id) => {
          const found = (await playbooksView()).playbooks.find((p) => p.playbook.id === id);
          return found ? { playbook: found.playbook, problems: found.problems } : null;
        },
        runCheck: runCheckNow,
        startAction: (actor, request) => actionService().start(actor, request),
        watched: async () => new Map((await mapSnapshot()).services.map((s) => [s.id, s])),
        audit: (input) => auditWriter().appendOutcome(input),
        onChange: (id, state) => {
          recordChannel().changed("playbook-run", id);
          // A run for an incident is part of the incident's timeline.
          if (state.props.incident) recordChannel().changed("incident", state.props.incident);
        },
      });
      runner
        .resume()
        .then((n) => n && log.info("playbook runs picked up again", { steps: n }))
        .catch((e) => log.warn("playbook runs could not be picked up", { error: shortErrorMessage(e) }));
      return runner;
    },
    (runner) => runner.stop(),
  );
}

/** A check step: through the monitor (the result counts as a run), or probed here on a web replica. */
async function runCheckNow(serviceId: string, checkId: string) {
  const { engine } = getRuntime();
  const catalog = await playbookCatalog();
  const check = catalog?.services.find((s) => s.id === serviceId)?.checks.find((c) => c.id === checkId);
  if (!catalog || !check) return { ok: false, reason: `no check ${serviceId}/${checkId} in the stack now` };
  let result: ProbeResult | null;
  if (engine.currentCatalog()) result = await engine.runCheckNow(serviceId, checkId);
  else {
    const service = catalog.services.find((s) => s.id === serviceId)!;
    const timeoutMs = check.timeout ?? catalog.settings.defaultTimeout;
    result = await runProbe(check, {
      signal: AbortSignal.timeout(timeoutMs),
      timeoutMs,
      containers: service.containers,
      now: Date.now(),
    });
  }
  return checkStepResult(check, result);
}
