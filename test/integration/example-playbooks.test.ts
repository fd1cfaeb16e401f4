import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatConfigError, loadConfigFile } from "@/lib/catalog/load-config";
import type { OpsdeckConfig } from "@/lib/catalog/schemas";
import type { Catalog } from "@/lib/catalog/types";
import { checkStepResult } from "@/lib/playbooks/check-result";
import { PlaybookLibrary } from "@/lib/playbooks/library";
import { PlaybookRunner, type RunnerDeps } from "@/lib/playbooks/runner";
import { playbookTargets } from "@/lib/playbooks/targets";
import { actionHarness, actorFor, type ActionHarness } from "../support/actions";
import { docker, testGateway } from "../support/docker";
import { completedPath, driveRun, loadDrills, type Drill, type Preparation } from "../support/drills";
import { startEngine, type EngineHarness } from "../support/engine";
import {
  execIn,
  replicaDown,
  replicaUp,
  setMode,
  type Replica,
  type ReplicaStack,
} from "../support/replicas";
import { scratchPostgres, type ScratchDb } from "../support/scratch-db";

/**
 * Every playbook of every example stack, run end to end against the stack's replica
 * (examples/<stack>/replica/): its drill breaks what the playbook is for, then a commander walks
 * the run as people would (a second person approves), through the real monitor, the real action
 * service on the real Docker engine, and a Postgres database, and the run must take the drill's
 * path to completion. Checks run every few seconds here instead of their declared intervals.
 */

const ROOT = path.resolve(__dirname, "../..");
const STACKS = readdirSync(path.join(ROOT, "examples")).filter((name) =>
  existsSync(path.join(ROOT, "examples", name, "replica", "drills.yml")),
) as ReplicaStack[];
const CHECK_EVERY_MS = 3_000;
const DEFAULT_TIMEOUT_MS = 2_500;
const approver = { ...actorFor("admin", "approver@example.test"), id: "id-approver" };

/**
 * The example's config with every check run every few seconds, or up to 10 s for a check with a
 * long timeout, so a slow answer (6 s) is still judged slow rather than cut short.
 */
function quickened(config: OpsdeckConfig): OpsdeckConfig {
  const every = (c: OpsdeckConfig["services"][number]["checks"][number]) =>
    Math.max(
      Math.min(c.interval ?? CHECK_EVERY_MS, CHECK_EVERY_MS),
      Math.min((c.timeout ?? DEFAULT_TIMEOUT_MS) + 1_000, 10_000),
    );
  return {
    ...config,
    settings: { ...config.settings, defaultInterval: CHECK_EVERY_MS, defaultTimeout: DEFAULT_TIMEOUT_MS },
    services: config.services.map((s) => ({
      ...s,
      checks: s.checks.map((c) => ({ ...c, interval: every(c) })),
    })),
  };
}

describe.each(STACKS)("the %s playbooks, each run end to end on its replica", (stack) => {
  const dir = path.join(ROOT, "examples", stack);
  const drills = loadDrills(path.join(dir, "replica", "drills.yml"));
  let replica: Replica;
  let scratch: ScratchDb;
  let monitor: EngineHarness;
  let actions: ActionHarness;
  let library: PlaybookLibrary;
  let runner: PlaybookRunner;
  /** Fixes a drill makes later (`after`), cancelled when the drill ends. */
  const pending: NodeJS.Timeout[] = [];
  const catalog = (): Catalog => {
    const current = monitor.engine.currentCatalog();
    if (!current) throw new Error("the monitor has no catalog yet");
    return current;
  };

  beforeAll(async () => {
    replica = await replicaUp(stack);
    scratch = await scratchPostgres("opsdeck_examples");
    const loaded = await loadConfigFile(path.join(dir, "opsdeck.yml"), replica.env);
    if (!loaded.ok) throw new Error(loaded.errors.map(formatConfigError).join("\n"));
    monitor = startEngine({ config: quickened(loaded.config), getDb: async () => scratch.db });
    await allUp();
    actions = await actionHarness({ db: async () => scratch.db, docker: testGateway(), catalog: catalog() });
    library = new PlaybookLibrary(path.join(dir, "playbooks"), replica.env);
    await library.start();
    const deps: RunnerDeps = {
      db: async () => scratch.db,
      playbook: async (id) => {
        const found = library.view(playbookTargets(catalog())).playbooks.find((p) => p.playbook.id === id);
        return found ? { playbook: found.playbook, problems: found.problems } : null;
      },
      runCheck: async (serviceId, checkId) => {
        const check = catalog()
          .services.find((s) => s.id === serviceId)
          ?.checks.find((c) => c.id === checkId);
        if (!check) return { ok: false, reason: `no check ${serviceId}/${checkId}` };
        return checkStepResult(check, await monitor.engine.runCheckNow(serviceId, checkId));
      },
      // The action service sees the stack as the monitor sees it now (containers come and go).
      startAction: (actor, request) => {
        actions.setCatalog(catalog());
        return actions.service.start(actor, request, (e) => actions.writer.append(e));
      },
      watched: async () => new Map(monitor.engine.snapshot().services.map((s) => [s.id, s])),
      audit: async () => undefined,
      pollMs: 250,
      waitCheckMs: 1_000,
    };
    runner = new PlaybookRunner(deps);
  }, 300_000);

  afterAll(async () => {
    runner?.stop();
    library?.stop();
    await actions?.close();
    await monitor?.stop();
    await scratch?.drop();
    await replicaDown(stack);
  }, 120_000);

  /** Every service with checks is up (between drills: the last one left nothing broken). */
  async function allUp(timeoutMs = 90_000) {
    const checked = catalog().services.filter((s) => s.checks.length > 0);
    for (const s of checked)
      await monitor.waitForService(s.id, (v) => v.status === "up", `${s.id} up`, timeoutMs);
  }

  /**
   * After a drill, passed or failed: what it broke and the playbook did not mend (a provider's
   * outage, a worker a failed step left scaled to 0) is put right, and everything is up again.
   */
  async function heal() {
    for (const t of pending.splice(0)) clearTimeout(t);
    for (const service of Object.keys(replica.services))
      await setMode(stack, service, "ok").catch(() => undefined);
    const stopped = await docker([
      "ps", "-aq", "--filter", `label=com.docker.compose.project=${replica.project}`, "--filter", "status=exited",
    ]); // prettier-ignore
    if (stopped) await docker(["start", ...stopped.split("\n")]);
    await allUp();
  }

  async function prepare(p: Preparation) {
    const container = replica.services[p.service];
    if (!container) throw new Error(`the ${stack} replica has no service ${p.service}`);
    if ("mode" in p && p.after) {
      const later = setTimeout(
        () => void setMode(stack, p.service, p.mode).catch(() => undefined),
        p.after * 1000,
      );
      pending.push(later);
    } else if ("mode" in p) await setMode(stack, p.service, p.mode);
    else if ("run" in p) {
      const ran = await execIn(stack, p.service, ["sh", "-c", p.run]);
      if (ran.exitCode !== 0)
        throw new Error(`${p.run} in ${p.service} exited ${ran.exitCode}: ${ran.stderr}`);
    } else if ("docker" in p) await docker([p.docker, container.name]);
    else {
      // Its address now: a drill before may have recreated the container.
      const [id] = (
        await docker([
          "ps", "-q", "--filter", `label=com.docker.compose.project=${replica.project}`,
          "--filter", `label=com.docker.compose.service=${p.service}`,
        ])
      ).split("\n"); // prettier-ignore
      const ip = (
        await docker(["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", id])
      ).trim();
      const [method, pathname] = p.http.split(" ");
      const res = await fetch(`http://${ip}:${p.port}${pathname}`, { method });
      if (!res.ok) throw new Error(`${p.http} on ${p.service} answered ${res.status}`);
    }
  }

  it.each(drills.map((d) => [d.playbook, d] as const))(
    "%s",
    async (_name, drill: Drill) => {
      const loaded = library
        .view(playbookTargets(catalog()))
        .playbooks.find((p) => p.playbook.id === drill.playbook);
      expect(loaded?.problems, `playbook ${drill.playbook}`).toEqual([]);
      try {
        const commander = actorFor(drill.role, `commander@example.test`);
        for (const p of drill.before) await prepare(p);
        if (drill.waitFor) {
          const { service, state } = drill.waitFor;
          await monitor.waitForService(service, (s) => s.status === state, `${service} ${state}`, 60_000);
        }
        const { runId } = await runner.start(commander, {
          playbookId: drill.playbook,
          ...(drill.severity ? { severity: drill.severity } : {}),
          ...(drill.service ? { service: drill.service } : {}),
        });
        const names = new Map(catalog().services.map((s) => [s.id, s.name]));
        const run = await driveRun(
          runner,
          runId,
          loaded!.playbook,
          drill,
          { commander, approver },
          {
            confirmation: (serviceId) => names.get(serviceId) ?? serviceId,
          },
        );
        expect(completedPath(run)).toEqual(drill.path);
        if (drill.after) {
          const { service, state } = drill.after;
          await monitor.waitForService(service, (s) => s.status === state, `${service} ${state}`, 60_000);
        }
      } finally {
        await heal();
      }
    },
    300_000,
  );
});
