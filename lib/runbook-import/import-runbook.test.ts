import { describe, expect, it } from "vitest";
import { serviceSchema } from "@/lib/catalog/schemas";
import { parsePlaybook } from "@/lib/playbooks/load-playbook";
import { importCatalog, type ImportCatalog } from "./catalog";
import { importRunbook } from "./import-runbook";
import type { ImportResult } from "./types";

/** Small runbooks of the shapes other teams write, and inputs no runbook should have. */

const catalog: ImportCatalog = importCatalog(
  [
    {
      id: "web",
      compose: { project: "shop", service: "web" },
      checks: [{ id: "health", kind: "http", url: "http://{{container}}:8080/health" }],
    },
    {
      id: "queue",
      compose: { project: "shop", service: "redis" },
      checks: [
        {
          id: "depth",
          kind: "redis",
          url: "redis://{{container}}:6379",
          command: "LLEN jobs",
          metric: { name: "queue_depth" },
        },
      ],
    },
    {
      id: "db",
      compose: { project: "shop", service: "postgres" },
      actions: [
        {
          id: "dump",
          kind: "postgres.backup",
          url: "postgres://u@{{container}}:5432/shop",
          destination: { volume: "dumps" },
        },
        {
          id: "orders",
          kind: "postgres.query",
          url: "postgres://u@{{container}}:5432/shop",
          query: "select count(*) from orders where state = $1",
        },
      ],
    },
  ].map((raw) => {
    const s = serviceSchema.parse(raw);
    return {
      ...s,
      name: s.id,
      kind: "container" as const,
      containers: [{ name: `shop-${s.compose!.service}-1` }],
    };
  }),
);

const steps = (result: ImportResult, draft = 0) => result.playbooks[draft].playbook.steps;
const targets = (result: ImportResult) =>
  result.suggestions.flatMap((s) => (s.type === "step" ? [`${s.kind} ${s.service}/${s.target}`] : []));

function loads(result: ImportResult) {
  for (const p of result.playbooks) {
    const parsed = parsePlaybook(p.yaml, `${p.id}.yml`);
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.message), p.id).toEqual([]);
  }
}

describe("importRunbook", () => {
  it("reads `$ ` prompts as commands and leaves their output out of the matching", () => {
    const result = importRunbook(
      [
        "# Web is down",
        "",
        "## Restart it",
        "",
        "```console",
        "$ docker restart shop-web-1",
        "shop-web-1",
        "$ curl -s localhost:8080/health",
        '{"ok":true}',
        "```",
      ].join("\n"),
      { catalog },
    );
    expect(result.playbooks.map((p) => p.id)).toEqual(["restart-it"]);
    expect(targets(result)).toEqual(["action web/restart", "check web/health"]);
    const [step] = steps(result);
    expect(step.kind === "instruction" && step.body).toContain("$ docker restart shop-web-1\nshop-web-1");
    loads(result);
  });

  it("joins `\\` continuations and reads pipes, grep filters and --since", () => {
    const result = importRunbook(
      [
        "## Errors",
        "",
        "```bash",
        "docker compose -f a.yml \\",
        "  -f b.yml \\",
        '  logs web --since 2h --tail 200 | grep -E "5[0-9]{2}|timeout"',
        "```",
      ].join("\n"),
      { catalog },
    );
    const [logs] = result.suggestions;
    expect(logs.type === "step" && [logs.service, logs.target, logs.params, logs.line]).toEqual([
      "web",
      "logs",
      { since: "2h", limit: 200, q: "5[0-9]{2}|timeout", regex: true },
      4,
    ]);
  });

  it("turns a table of thresholds with its own column names into conditions and a trigger", () => {
    const result = importRunbook(
      [
        "## Queue alerts",
        "",
        "| Signal | Warning | Critical | Notes |",
        "|---|---|---|---|",
        "| Queue depth | above 500 | > 1000 | jobs |",
        "| p99 latency | 800ms | ≥ 2s | |",
        "| Owner | - | - | ops |",
      ].join("\n"),
      { catalog },
    );
    const conditions = result.suggestions.filter((s) => s.type === "condition");
    expect(conditions.map((c) => [c.metric, c.warn, c.critical])).toEqual([
      ["Queue depth", "> 500", "> 1000"],
      ["p99 latency", "> 800ms", ">= 2s"],
    ]);
    expect(conditions[0].type === "condition" && conditions[0].trigger).toBe(
      "- { service: queue, check: depth, metric: queue_depth, above: 1000 }",
    );
    expect(conditions[1].type === "condition" && conditions[1].config).toBe(
      'metric: { name: p99_latency, unit: s, warn: "> 800ms", critical: ">= 2s" }',
    );
    expect(result.playbooks[0].yaml).toContain(
      "# - { service: queue, check: depth, metric: queue_depth, above: 1000 }",
    );
    loads(result);
  });

  it("reads severity/condition tables", () => {
    const result = importRunbook(
      [
        "## Paging",
        "",
        "| Severity | Condition |",
        "| --- | --- |",
        "| P1 | queue_depth > 5000 |",
        "| P3 | queue_depth > 1000 |",
      ].join("\n"),
      { catalog },
    );
    expect(result.suggestions.map((s) => s.type === "condition" && [s.warn, s.critical])).toEqual([
      [undefined, "> 5000"],
      ["> 1000", undefined],
    ]);
  });

  it("makes one draft of a runbook with no headings, named after its file", () => {
    const result = importRunbook(
      "Check the queue:\n\n    redis-cli -h localhost LLEN jobs\n\nThen tell #ops.",
      {
        catalog,
        sourceName: "queue_check.md",
      },
    );
    expect(result.playbooks.map((p) => [p.id, p.title])).toEqual([["queue-check", "queue check"]]);
    expect(steps(result).map((s) => s.title)).toEqual(["Check the queue"]);
    expect(targets(result)).toEqual(["check queue/depth"]);
    loads(result);
  });

  it("makes checkbox lists checklists and keeps their text", () => {
    const result = importRunbook(
      "# Deploy\n\n## Before\n\nMake sure:\n\n- [ ] Backups are recent (`pg_dump`)\n- [x] Change approved\n  by the lead\n",
      { catalog },
    );
    const [step] = steps(result);
    expect(step).toMatchObject({
      kind: "checklist",
      title: "Make sure",
      items: [
        { id: "backups-are-recent-pg-dump", text: "Backups are recent (`pg_dump`)" },
        { id: "change-approved-by-the-lead", text: "Change approved by the lead" },
      ],
    });
    expect(targets(result)).toEqual(["action db/dump"]);
    loads(result);
  });

  it("matches psql queries to declared read-only queries, literals for $n", () => {
    const result = importRunbook(
      "## Orders\n\n```sh\ndocker compose exec postgres psql -U u shop -c \"SELECT count(*) FROM orders WHERE state = 'stuck';\"\n```\n",
      { catalog },
    );
    expect(targets(result)).toEqual(["action db/orders"]);
  });

  it("never runs, never throws, and still loads on hostile input", () => {
    const inputs = [
      "",
      "\u0000\u0007\u001b[31m",
      "```bash\nrm -rf / # unclosed fence\n" + "x".repeat(50_000),
      "<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n\n## <b>Bold</b>\n\n```\n```\n",
      `## ${"#".repeat(5000)}\n\n${"- [ ] ".repeat(3000)}\n`,
      "| a |\n|---|\n" + "| ".repeat(20_000),
      `${"`".repeat(10_000)}\n${" ".repeat(100_000)}|\n${"-|".repeat(10_000)}`,
      "## Q\n\n```sh\ncurl -d '{\"unclosed\n" + "a'\"\\\\\\".repeat(2000) + "\n```",
      Array.from({ length: 3000 }, (_, i) => `${i}. ${"$(".repeat(i % 50)} docker restart x`).join("\n"),
      "---\nnot: front matter\n",
      "# A\n# B\n## C\n### D\n#### E\n##### F\n###### G\n####### H",
    ];
    for (const input of inputs) {
      const started = performance.now();
      const result = importRunbook(input, { catalog });
      expect(performance.now() - started).toBeLessThan(2000);
      expect(result.playbooks.length).toBeGreaterThan(0);
      loads(result);
      for (const p of result.playbooks)
        for (const line of p.yaml.split("\n"))
          expect(line.startsWith("#") && line.includes("\u0000")).toBe(false);
    }
    const html = importRunbook(inputs[3], { catalog });
    expect(html.yaml).toContain("<script>alert(1)</script>");
  });

  it("keeps a comment from ever carrying a second line", () => {
    const result = importRunbook("## X\n\n```sh\ndocker restart shop-web-1 \u2028steps: []\n```\n", {
      catalog,
    });
    expect(result.playbooks[0].yaml).not.toMatch(/^steps: \[\]/m);
    loads(result);
  });

  it("turns a plain-text runbook's numbered headings and bare commands into steps", () => {
    const result = importRunbook(
      [
        "Shop runbook",
        "",
        "1. Web",
        "",
        "1.1 Web is slow",
        "",
        "Check health:",
        "",
        "curl http://localhost:8080/health",
        "",
        "If it fails: docker compose ... restart web",
      ].join("\n"),
      { catalog },
    );
    expect(result.plainText).toBe(true);
    expect(result.title).toBe("Shop runbook");
    expect(result.playbooks.map((p) => p.title)).toEqual(["Web is slow"]);
    expect(steps(result).map((s) => s.title)).toEqual(["Check health"]);
    expect(targets(result)).toEqual(["check web/health", "action web/restart-all"]);
  });
});
