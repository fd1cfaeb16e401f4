import { randomUUID } from "node:crypto";
import type { Actor, AuditInput, AuditOutcome, AuditRecord } from "@/lib/audit/schemas";

/**
 * Realistic audit traffic for the audit benchmark: ~50 actors, 20 actions, 500 targets, the 4
 * outcomes, with skew (a few people and actions make most of the events), from a seeded
 * generator so two runs query the same data.
 */

/** mulberry32: small, fast, good enough to spread test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = (
  "alice bob carol dave erin frank grace heidi ivan judy mallory niaj olivia peggy rupert sybil " +
  "trent victor walter yasmin zoe aaron bella chen diego elena farid gita hana igor jonas kemal " +
  "lena marta nadia oscar priya quinn rosa sven tariq uma vera wendy xavier"
).split(" ");
const TOKENS = ["ci-deploy", "nightly-backup", "grafana-alerts", "runbook-bot"];
const STACKS = "shop billing search auth media mail ledger catalog reports gateway".split(" ");
const SERVICES = "api web worker db cache queue scheduler vector proxy cron".split(" ");

export const ACTIONS = [
  "container.restart",
  "container.stop",
  "container.start",
  "container.kill",
  "container.set-env",
  "service.restart",
  "service.scale",
  "service.up",
  "logs.search",
  "logs.tail",
  "exec",
  "redis.read",
  "redis.write",
  "postgres.query",
  "postgres.backup",
  "qdrant",
  "http",
  "audit.export",
  "user.update",
  "token.create",
];
export const OUTCOMES: AuditOutcome[] = ["started", "succeeded", "failed", "denied"];
const OUTCOME_WEIGHTS = [0.44, 0.4, 0.09, 0.07];
const USER_AGENTS = [
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "curl/8.5.0",
  "python-requests/2.32.3",
];

export interface ActorSpec extends Omit<Actor, "requestId"> {
  name: string;
}

/** 45 people, 4 API tokens and the system itself: 50 actors. */
export const ACTORS: ActorSpec[] = [
  ...FIRST_NAMES.slice(0, 45).map((n, i) => ({
    type: "user" as const,
    id: `usr_${i.toString(36).padStart(4, "0")}`,
    name: `${n}@example.com`,
    role: i < 5 ? "admin" : i < 30 ? "operator" : "viewer",
  })),
  ...TOKENS.map((n, i) => ({ type: "token" as const, id: `tok_${i}`, name: n, role: "operator" })),
  { type: "system" as const, name: "opsdeck" },
];

/** 500 targets: 10 stacks x 10 services x 5 containers, written as actions describe them. */
export const TARGETS: string[] = STACKS.flatMap((st) =>
  SERVICES.flatMap((sv) => [1, 2, 3, 4, 5].map((n) => `${st}.${sv} (container ${st}-${sv}-${n})`)),
);

/** Index 0 is the most frequent; weight 1/(i+1) (Zipf-like). */
export function zipfPicker<T>(items: readonly T[], random: () => number): () => T {
  const cumulative: number[] = [];
  let sum = 0;
  for (let i = 0; i < items.length; i++) cumulative.push((sum += 1 / (i + 1)));
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo];
  };
}

function weighted<T>(items: readonly T[], weights: readonly number[], random: () => number): T {
  let x = random();
  for (let i = 0; i < items.length; i++) if ((x -= weights[i]) < 0) return items[i];
  return items[items.length - 1];
}

export interface EventSource {
  /** An append as a caller of AuditWriter hands it over. */
  input(): AuditInput;
}

export function eventSource(random: () => number): EventSource {
  const actor = zipfPicker(ACTORS, random);
  const action = zipfPicker(ACTIONS, random);
  const target = zipfPicker(TARGETS, random);
  const ip = () => `10.${(random() * 4) | 0}.${(random() * 255) | 0}.${1 + ((random() * 250) | 0)}`;
  return {
    input() {
      const a = actor();
      const t = target();
      const outcome = weighted(OUTCOMES, OUTCOME_WEIGHTS, random);
      const container = t.slice(t.indexOf("container ") + 10, -1);
      const act = action();
      return {
        actor: {
          ...a,
          ip: a.type === "system" ? undefined : ip(),
          userAgent:
            a.type === "user" ? USER_AGENTS[(random() * 3) | 0] : USER_AGENTS[3 + ((random() * 2) | 0)],
          requestId: randomUUID(),
        },
        action: act,
        target: t,
        params: { actionId: act.slice(act.indexOf(".") + 1), container, timeout_s: 10 },
        outcome,
        durationMs: outcome === "started" ? undefined : (random() * 5000) | 0,
        runId: randomUUID(),
        message:
          outcome === "failed"
            ? `container ${container} did not stop within 10 s`
            : outcome === "denied"
              ? "needs the actions.run.safe permission, which the viewer role does not have"
              : undefined,
      };
    },
  };
}

/** An input as the writer would store it at `at` (no redaction needed: the params hold no secrets). */
export function toUnchained(input: AuditInput, at: Date): Omit<AuditRecord, "seq" | "prevHash" | "hash"> {
  const { actor } = input;
  return {
    eventId: randomUUID(),
    at: at.toISOString(),
    actorType: actor.type,
    actorId: actor.id ?? null,
    actorName: actor.name,
    role: actor.role ?? null,
    sourceIp: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
    action: input.action,
    target: input.target ?? null,
    params: input.params ?? null,
    outcome: input.outcome,
    durationMs: input.durationMs ?? null,
    requestId: actor.requestId,
    runId: input.runId ?? null,
    message: input.message ?? null,
  };
}
