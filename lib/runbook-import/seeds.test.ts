import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { discoverCatalog } from "@/lib/catalog/discovery";
import { formatConfigError, loadConfigFile } from "@/lib/catalog/load-config";
import { parsePlaybook } from "@/lib/playbooks/load-playbook";
import type { PlaybookTargets } from "@/lib/playbooks/references";
import { playbookTargets } from "@/lib/playbooks/targets";
import type { ImportCatalog } from "./catalog";
import { importRunbook } from "./import-runbook";
import { loadImportCatalog } from "./offline-catalog";
import type { ImportResult } from "./types";

/**
 * The three seed runbooks (copied from ../shared/seeds into test/fixtures/runbooks) imported
 * against their example stacks: the procedures an incident commander would pick, their steps,
 * the checks and actions suggested for their commands, and that every draft loads as a playbook
 * of that stack, as drafted and with every suggestion accepted.
 */

const root = path.resolve(__dirname, "../..");
const env = new Proxy({} as Record<string, string>, { get: () => "" });

interface Seed {
  result: ImportResult;
  targets: PlaybookTargets;
  catalog: ImportCatalog;
}

async function importSeed(stack: string): Promise<Seed> {
  const configFile = path.join(root, "examples", stack, "opsdeck.yml");
  const config = await loadConfigFile(configFile, env);
  if (!config.ok) throw new Error(config.errors.map(formatConfigError).join("\n"));
  const loaded = await loadImportCatalog(configFile);
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  const text = readFileSync(path.join(root, "test/fixtures/runbooks", `runbook-${stack}.md`), "utf8");
  const result = importRunbook(text, { catalog: loaded.catalog, sourceName: `runbook-${stack}.md` });
  const { catalog } = discoverCatalog({ containers: [], config: config.config });
  return { result, targets: playbookTargets(catalog), catalog: loaded.catalog };
}

const draft = (seed: Seed, id: string) => {
  const found = seed.result.playbooks.find((p) => p.id === id);
  if (!found) throw new Error(`no draft ${id}: ${seed.result.playbooks.map((p) => p.id).join(", ")}`);
  return found;
};
const kinds = (seed: Seed, id: string) => draft(seed, id).playbook.steps.map((s) => s.kind);
/** The distinct checks and actions suggested in a draft, in order (a later step may suggest one again). */
const suggested = (seed: Seed, id: string) => [
  ...new Set(
    seed.result.suggestions.flatMap((s) =>
      s.type === "step" && s.draftId === id ? [`${s.kind} ${s.service}/${s.target}`] : [],
    ),
  ),
];

/** Every draft loads against its stack; so does the draft with every suggested step and trigger uncommented. */
function expectLoads(seed: Seed) {
  for (const p of seed.result.playbooks) {
    const asDrafted = parsePlaybook(p.yaml, `${p.id}.yml`, {}, seed.targets);
    expect(asDrafted.ok ? [] : asDrafted.errors.map(formatConfigError), p.id).toEqual([]);
    const accepted = p.yaml.replace(/^( *)# (- \{ .*)$/gm, "$1$2").replace(/\s+# [^#\n]*, line \d+$/gm, "");
    const all = parsePlaybook(accepted, `${p.id}.yml`, {}, seed.targets);
    expect(all.ok ? [] : all.errors.map(formatConfigError), `${p.id} with every suggestion`).toEqual([]);
  }
}

describe("importing runbook-serotonin-script.md (plain text, no markdown)", () => {
  let seed: Seed;
  beforeAll(async () => {
    seed = await importSeed("serotonin-script");
  });

  it("finds the numbered sections and one draft per procedure", () => {
    const { result } = seed;
    expect(result.plainText).toBe(true);
    expect(result.title).toBe("Runbook: Serotonin Script");
    expect(result.sections.map((s) => s.title)).toEqual([
      "Runbook: Serotonin Script",
      "Table of Contents",
      "1. Service Map & Health URLs",
      "2. Alert Response Playbooks",
      "2.1 High Task Failure Rate",
      "2.2 Queue Backlog",
      "2.3 Slow Generation (p95 > 60s)",
      "2.4 LLM Error Rate Critical",
      "3. Common Failure Scenarios",
      "3.1 /draft command returns no response in Slack",
      "3.2 Draft generated but Publish button does nothing",
      "3.3 Worker container keeps restarting",
      "3.4 Migrations fail on deploy",
      "3.5 Qdrant collection missing / RAG returning empty results",
      "4. Diagnostic Commands",
      "5. Routine Maintenance",
      "Weekly",
      "Monthly",
      "On Dependency Update",
      "6. Emergency Procedures",
      "Full System Restart",
      "Rollback to Previous Commit",
      "Redis Data Loss",
      "PostgreSQL Backup and Restore",
      "Qdrant Backup",
    ]);
    expect(result.sections.find((s) => s.title === "Table of Contents")?.note).toMatch(/reference/);
    expect(result.playbooks.map((p) => p.id)).toEqual([
      "service-map-health-urls",
      "high-task-failure-rate",
      "queue-backlog",
      "slow-generation-p95-60s",
      "llm-error-rate-critical",
      "draft-command-returns-no-response-in-slack",
      "draft-generated-but-publish-button-does-nothing",
      "worker-container-keeps-restarting",
      "migrations-fail-on-deploy",
      "qdrant-collection-missing-rag-returning-empty-results",
      "diagnostic-commands",
      "routine-maintenance-weekly",
      "routine-maintenance-monthly",
      "on-dependency-update",
      "full-system-restart",
      "rollback-to-previous-commit",
      "redis-data-loss",
      "postgresql-backup-and-restore",
      "qdrant-backup",
    ]);
    expect(draft(seed, "routine-maintenance-weekly").title).toBe("Routine Maintenance: Weekly");
  });

  it("makes each step of Queue Backlog an instruction with its commands verbatim", () => {
    const steps = draft(seed, "queue-backlog").playbook.steps;
    expect(steps.map((s) => s.title)).toEqual([
      "Step 1 — Check queue depth directly",
      "Step 2 — Check if workers are running",
      "Step 3 — Check if workers are processing (not stuck)",
      "Step 4 — Scale workers temporarily if backlog is legitimate",
    ]);
    expect(kinds(seed, "queue-backlog")).toEqual([
      "instruction",
      "instruction",
      "instruction",
      "instruction",
    ]);
    const first = steps[0];
    expect(first.kind === "instruction" && first.body).toContain(
      "docker compose -f docker-compose.yml -f infra/docker-compose.prod.yml \\\n  exec redis redis-cli LLEN seratonin_tasks",
    );
  });

  it("suggests the declared checks and actions the commands stand for", () => {
    expect(suggested(seed, "queue-backlog")).toEqual([
      "check redis/queue-depth",
      "action redis/queue-depth",
      "check worker/container",
      "action worker/up",
      "action worker/logs",
      "action worker/scale",
    ]);
    const scale = seed.result.suggestions.find((s) => s.type === "step" && s.target === "scale");
    expect(scale?.type === "step" && scale.params).toEqual({ replicas: 3 });
    const logs = seed.result.suggestions.find(
      (s) => s.type === "step" && s.draftId === "high-task-failure-rate" && s.target === "logs",
    );
    expect(logs?.type === "step" && logs.params).toEqual({ since: "1h", q: '"level":"error"' });
    expect(suggested(seed, "high-task-failure-rate")).toEqual([
      "action worker/logs",
      "action postgres/ready",
      "check postgres/ready",
    ]);
    expect(suggested(seed, "migrations-fail-on-deploy")).toEqual([
      "action backend/alembic-upgrade",
      "action backend/alembic-current",
      "action backend/alembic-history",
      "action backend/alembic-merge-heads",
      "action backend/alembic-downgrade",
    ]);
    expect(suggested(seed, "diagnostic-commands")).toEqual(
      expect.arrayContaining([
        "action redis/task-result",
        "action postgres/drafts",
        "check qdrant/doctor-style",
        "check n8n/health",
        "check prometheus/targets",
      ]),
    );
    expect(suggested(seed, "postgresql-backup-and-restore")).toEqual([
      "action postgres/backup",
      "action postgres/restore",
    ]);
    expect(suggested(seed, "qdrant-backup")).toEqual([
      "action qdrant/snapshot-doctor-style",
      "action qdrant/snapshots-doctor-style",
    ]);
    expect(suggested(seed, "routine-maintenance-monthly")).toEqual(
      expect.arrayContaining([
        "action backend/restart-all",
        "action worker/restart-all",
        "action backend/alembic-check",
      ]),
    );
    expect(suggested(seed, "slow-generation-p95-60s")).toContain("check pubmed/esearch");
  });

  it("turns the alert lines into conditions, and a trigger where a check records the metric", () => {
    const conditions = seed.result.suggestions.filter((s) => s.type === "condition");
    expect(conditions.map((c) => `${c.metric} ${c.critical}`)).toEqual([
      "taskiq_task_failures_total > 5",
      "Taskiq queue depth > 100",
      "Task duration p95 > 60s",
      "LLM request error rate > 10",
    ]);
    const backlog = conditions[1];
    expect(backlog.type === "condition" && backlog.trigger).toBe(
      "- { service: redis, check: queue-depth, metric: queue_depth, above: 100 }",
    );
    expect(draft(seed, "queue-backlog").yaml).toContain(
      "  # - { service: redis, check: queue-depth, metric: queue_depth, above: 100 }",
    );
  });

  it("loads every draft as a playbook of the stack", () => expectLoads(seed));
});

describe("importing runbook-agent-stack.md", () => {
  let seed: Seed;
  beforeAll(async () => {
    seed = await importSeed("agent-stack");
  });

  it("has a draft per section with something to do, and says why the others have none", () => {
    expect(seed.result.title).toBe("Operations");
    expect(seed.result.playbooks.map((p) => p.id)).toEqual([
      "prerequisites",
      "stack-lifecycle",
      "health-checks",
      "smoke-tests",
      "maintenance",
      "troubleshooting",
      "operational-checklist-before-release",
    ]);
    const notes = Object.fromEntries(seed.result.sections.map((s) => [s.title, s.draftId ?? s.note]));
    expect(notes["Automation Catalogue"]).toMatch(/reference text/);
    expect(notes["Observability (Arize Phoenix)"]).toMatch(/reference text/);
  });

  it("splits a code block at its comments, one step each", () => {
    expect(draft(seed, "stack-lifecycle").playbook.steps.map((s) => s.title)).toEqual([
      "Start or update the full stack (builds images when needed)",
      "Stop containers but keep volumes",
      "View service status and health checks",
      "Tail logs for a specific service (defaults to the last 100 lines)",
    ]);
    expect(draft(seed, "smoke-tests").playbook.steps.map((s) => s.title)).toEqual([
      "Minimal agent completion",
      "Open WebUI pathway (agent proxies to LiteLLM/OpenRouter)",
      "Tool-assisted research via web search",
    ]);
  });

  it("suggests the smoke tests, health checks and the backup", () => {
    expect(suggested(seed, "health-checks")).toEqual(["check agent/healthz", "check qdrant/collections"]);
    expect(suggested(seed, "smoke-tests")).toEqual([
      "check agent/smoke-completion",
      "action agent/smoke-agent",
      "action agent/smoke-chat",
      "action agent/smoke-web-search",
    ]);
    expect(suggested(seed, "maintenance")).toEqual(["action postgres/backup"]);
    expect(suggested(seed, "stack-lifecycle")).toEqual(["action agent/logs"]);
  });

  it("makes the release checklist a checklist", () => {
    const [step] = draft(seed, "operational-checklist-before-release").playbook.steps;
    expect(step.kind).toBe("checklist");
    expect(step.kind === "checklist" && step.items.map((i) => i.text)).toEqual([
      "Stack commands succeed twice consecutively (`up` → `down` → `up`).",
      "Smoke tests above return HTTP 200 with valid JSON.",
      "`poetry run ruff check .` and `poetry run pytest -v` succeed locally or in CI.",
      "Documentation updates merged into `docs/architecture/` and this runbook.",
      "Codex PR template checklist completed.",
    ]);
  });

  it("loads every draft as a playbook of the stack", () => expectLoads(seed));
});

describe("importing runbook-dspy-prompt-improver.md", () => {
  let seed: Seed;
  beforeAll(async () => {
    seed = await importSeed("dspy-prompt-improver");
  });

  it("has one draft per subsection with commands, thresholds or a procedure", () => {
    expect(seed.result.playbooks.map((p) => p.id)).toEqual([
      "local-development",
      "pm2-production",
      "health-check",
      "backend-logs",
      "raycast-dev-server-logs",
      "status-checks",
      "backend-not-responding",
      "llm-provider-errors",
      "sqlite-issues",
      "timeout-errors",
      "raycast-extension-issues",
      "dspy-compilation-errors",
      "full-service-restart",
      "database-recovery",
      "configuration-reset",
      "quality-gates",
      "system-health",
      "contact-and-escalation",
    ]);
    const notes = Object.fromEntries(seed.result.sections.map((s) => [s.title, s.draftId ?? s.note]));
    expect(notes["Service Overview"]).toMatch(/reference text/);
    expect(notes.Troubleshooting).toMatch(/subsections/);
  });

  it("titles steps by the lines that introduce them and keeps prose with its step", () => {
    expect(draft(seed, "backend-not-responding").playbook.steps.map((s) => s.title)).toEqual([
      "Diagnosis",
      "Resolution",
      "Restart",
      "Verify",
    ]);
    expect(draft(seed, "full-service-restart").playbook.steps.map((s) => s.title)).toEqual([
      "Stop everything",
      "Clear stale files",
      "Restart",
      "Verify",
    ]);
    const [diagnosis] = draft(seed, "backend-not-responding").playbook.steps;
    expect(diagnosis.kind === "instruction" && diagnosis.body).toContain(
      "**Symptom:** `curl: (7) Failed to connect",
    );
  });

  it("suggests the health endpoint for curl and make health", () => {
    expect(suggested(seed, "health-check")).toEqual(["check backend/health", "action backend/health"]);
    expect(suggested(seed, "llm-provider-errors")).toEqual([
      "check backend/health",
      "action backend/health",
      "check ollama/tags",
      "action ollama/models",
    ]);
  });

  it("turns the threshold tables into conditions", () => {
    const conditions = seed.result.suggestions.flatMap((s) =>
      s.type === "condition" ? [`${s.draftId}: ${s.metric} warn ${s.warn} critical ${s.critical}`] : [],
    );
    expect(conditions).toEqual([
      "quality-gates: JSON Valid Pass 1 warn < 54 critical < 50",
      "quality-gates: Copyable Rate warn < 54 critical < 50",
      "quality-gates: Latency P95 warn > 12s critical > 15s",
      "system-health: Backend Uptime warn < 99.9 critical < 99",
      "system-health: Response Time P95 warn >= 3s critical > 5s",
      "system-health: Error Rate warn >= 1 critical > 5",
    ]);
    const latency = seed.result.suggestions.find((s) => s.type === "condition" && s.metric === "Latency P95");
    expect(latency?.type === "condition" && latency.trigger).toBe(
      "- { service: backend, check: health, metric: latency, above: 15000 }",
    );
  });

  it("loads every draft as a playbook of the stack", () => expectLoads(seed));
});
