import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatConfigError, loadConfigFile } from "@/lib/catalog/load-config";
import type { HealthState } from "@/lib/probes/types";
import { docker, waitFor } from "../support/docker";
import {
  config,
  scratchDatabase,
  startEngine,
  type EngineHarness,
  type ServiceView,
} from "../support/engine";
import { replicaDown, replicaUp, setMode, type Replica, type ReplicaStack } from "../support/replicas";

/**
 * Each example config (examples/<stack>/opsdeck.yml) against its replica stack, with the real
 * MonitorEngine and Docker engine: every service that has checks is up; a service switched to
 * `down` goes down with the reason its health answer gives, and is up again once its container
 * has been restarted (the replica clears a fault on start, as restarting the real service would).
 */

interface Case {
  stack: ReplicaStack;
  /** The config service switched to `down`, its compose service, the check that sees it, and its reason. */
  fault: { service: string; container: string; check: string; reason: RegExp };
}

const CASES: Case[] = [
  {
    stack: "serotonin-script",
    // The backend's error handler answers an RFC 7807 500; the check expects status == 200.
    fault: {
      service: "backend",
      container: "backend",
      check: "health",
      reason: /^check `health`: HTTP 500 in \d+ms \(expected status == 200, got 500\)$/,
    },
  },
  {
    stack: "agent-stack",
    // Qdrant's readiness answers 503 with a plain-text body, which the qdrant probe quotes.
    fault: {
      service: "qdrant",
      container: "qdrant",
      check: "ready",
      reason: /^check `ready`: readyz HTTP 503: some shards are not ready$/,
    },
  },
  {
    stack: "dspy-prompt-improver",
    // A 503 in the runbook's error format (`{"error": {"type": ..., "message": ...}}`).
    fault: {
      service: "backend",
      container: "backend",
      check: "health",
      reason: /^check `health`: HTTP 503 in \d+ms \(expected status == 200, got 503\)$/,
    },
  },
];

let scratch: Awaited<ReturnType<typeof scratchDatabase>>;

beforeAll(async () => {
  scratch = await scratchDatabase(process.env.TEST_DATABASE_URL!);
});

afterAll(async () => {
  await scratch?.drop();
});

describe.each(CASES)("the $stack example on its replica", ({ stack, fault }) => {
  let replica: Replica;
  let h: EngineHarness;
  let checked: string[];

  beforeAll(async () => {
    replica = await replicaUp(stack);
    const loaded = await loadConfigFile(replica.configFile, replica.env);
    if (!loaded.ok) throw new Error(loaded.errors.map(formatConfigError).join("\n"));
    checked = loaded.config.services.filter((s) => s.checks.length > 0).map((s) => s.id);
    // The example is loaded once the engine has listed the replica's containers, as a config
    // reload would be: every check's first run then has a container address to aim at.
    h = startEngine({ config: config("version: 1"), getDb: async () => scratch.db });
    await waitFor(
      () => listsEveryContainer(h, replica),
      `the engine listing the ${stack} replica's containers`,
    );
    h.engine.applyConfig(loaded.config);
  });

  afterAll(async () => {
    await h?.stop();
    await replicaDown(stack);
  });

  it("monitors every service that has checks up", async () => {
    // First runs are spread over 5 s; long-interval checks (smoke tests, API keys) run once then.
    await waitFor(() => checked.every((id) => h.service(id)?.status === "up"), "every service up", {
      timeoutMs: 20_000,
      intervalMs: 200,
    }).catch(() => undefined);
    const notUp = checked.map((id) => h.service(id)).filter((s) => s?.status !== "up");
    expect(notUp.map(describeService)).toEqual([]);
  });

  it(`takes ${fault.service} down with its health answer's reason, and back up after a container restart`, async () => {
    await setMode(stack, fault.container, "down");
    const down = await runCheckUntil(h, fault, "down");
    expect(down.reason).toMatch(fault.reason);

    await docker(["restart", "-t", "1", replica.services[fault.container].id]);
    const up = await runCheckUntil(h, fault, "up");
    expect(up.checks.find((c) => c.id === fault.check)).toMatchObject({ status: "up" });
  });
});

function listsEveryContainer(h: EngineHarness, replica: Replica): boolean {
  const listed = new Set(
    h.engine.currentCatalog()?.services.flatMap((s) => s.containers.filter((c) => c.ip).map((c) => c.id)),
  );
  return Object.values(replica.services).every((c) => listed.has(c.id));
}

/**
 * Runs the check again and again until the service reaches `state`: what a playbook's check step
 * does, rather than waiting out the example's 30 s interval (and its two-failure damping) twice.
 */
async function runCheckUntil(
  h: EngineHarness,
  fault: Case["fault"],
  state: HealthState,
): Promise<ServiceView> {
  try {
    return await waitFor(
      async () => {
        await h.engine.runCheckNow(fault.service, fault.check);
        const service = h.service(fault.service);
        return service?.status === state ? service : undefined;
      },
      `${fault.service} ${state}`,
      { timeoutMs: 20_000, intervalMs: 250 },
    );
  } catch {
    throw new Error(`${fault.service} did not go ${state}: ${describeService(h.service(fault.service))}`);
  }
}

/** A service's state and its checks that are not up, for a failure message that says why. */
function describeService(s: ServiceView | undefined): string {
  if (!s) return "absent from the map";
  const checks = s.checks.filter((c) => c.status !== "up").map((c) => `${c.id} ${c.status}: ${c.reason}`);
  return `${s.id} ${s.status} (${s.reason})${checks.length ? ` [${checks.join("; ")}]` : ""}`;
}
