import type { ImportCatalog } from "./catalog";

/**
 * Thresholds a runbook states, in tables (`| Metric | Target | Alert If |`, `| Signal | Warning |
 * Critical |`, `| Severity | Condition |`) or on `Alert: queue depth > 100` lines, as check
 * conditions: a metric with `warn` and `critical` in the condition grammar, and, when a declared
 * check records a metric of that name, the playbook trigger for the critical level.
 */
export interface Threshold {
  /** The metric as the runbook names it. */
  metric: string;
  /** A config name for it: `latency_p95`. */
  name: string;
  unit?: string;
  warn?: string;
  critical?: string;
  line: number;
  /** The declared check recording it, and a trigger on its critical level (when it is "above"). */
  recordedBy?: { service: string; check: string; metric: string };
  above?: number;
}

interface Level {
  op: string;
  value: number;
  unit: string;
}

const WORD_OPS: [RegExp, string][] = [
  [/^(at least|no less than|minimum|min\.?)\s*/, ">="],
  [/^(at most|no more than|maximum|max\.?)\s*/, "<="],
  [/^(above|over|more than|greater than|exceeds?|higher than)\s*/, ">"],
  [/^(below|under|less than|lower than)\s*/, "<"],
];
const DURATIONS: Record<string, string> = {
  ms: "ms",
  s: "s",
  sec: "s",
  secs: "s",
  second: "s",
  seconds: "s",
  m: "m",
  min: "m",
  mins: "m",
  minute: "m",
  minutes: "m",
  h: "h",
  hour: "h",
  hours: "h",
  d: "d",
  day: "d",
  days: "d",
};
const TO_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `>= 54%`, `<3s`, `above 1000 tasks`, `99.9%`: an operator (or `fallback`), a number, a unit. */
export function parseLevel(cell: string, fallback: string): Level | null {
  let text = cell
    .replace(/[`*_]/g, "")
    .replace(/≥/g, ">=")
    .replace(/≤/g, "<=")
    .trim()
    .toLowerCase()
    .slice(0, 100);
  let op = "";
  const symbol = /^(>=|<=|==|=|>|<)\s*/.exec(text);
  if (symbol) {
    op = symbol[1] === "=" ? "==" : symbol[1];
    text = text.slice(symbol[0].length);
  } else
    for (const [re, o] of WORD_OPS) {
      const m = re.exec(text);
      if (m) {
        op = o;
        text = text.slice(m[0].length);
        break;
      }
    }
  const m = /^(-?\d+(?:[.,]\d+)?)\s*(%|[a-z]+)?/.exec(text);
  if (!m) return null;
  const unit = m[2] ?? "";
  // "401 Unauthorized" is a status, not a level: a word unit needs an operator.
  if (!op && unit && unit !== "%" && !DURATIONS[unit]) return null;
  return { op: op || fallback, value: Number(m[1].replace(",", ".")), unit: DURATIONS[unit] ?? unit };
}

function format(level: Level): string {
  return `${level.op} ${level.value}${TO_MS[level.unit] ? level.unit : ""}`;
}

const NEGATE: Record<string, string> = { ">=": "<", ">": "<=", "<=": ">", "<": ">=", "==": "!=" };

type Role = "metric" | "warn" | "critical" | "target" | "condition" | "severity";

function role(header: string): Role | null {
  const h = header.toLowerCase();
  if (/warn/.test(h)) return "warn";
  if (/crit|alert|page|threshold|limit|fire|trigger|breach/.test(h))
    return /condition|when$/.test(h) && !/alert (if|when)/.test(h) ? "condition" : "critical";
  if (/target|goal|slo|expected|normal|healthy|objective/.test(h)) return "target";
  if (/condition|rule|expression/.test(h)) return "condition";
  if (/sev|severity|priority/.test(h)) return "severity";
  if (/metric|signal|indicator|measure|kpi|sli|name|check/.test(h)) return "metric";
  return null;
}

export function tableThresholds(
  header: string[],
  rows: string[][],
  line: number,
  catalog?: ImportCatalog,
): Threshold[] {
  const roles = header.map(role);
  const levels = roles.some((r) => r === "warn" || r === "critical" || r === "target" || r === "condition");
  if (!levels) return [];
  const metricCol = Math.max(0, roles.indexOf("metric"));
  const out: Threshold[] = [];
  rows.forEach((row, k) => {
    const at = line + 2 + k;
    const cell = (r: Role) => {
      const i = roles.indexOf(r);
      return i >= 0 ? (row[i] ?? "") : "";
    };
    const condition = cell("condition") ? parseCondition(cell("condition")) : null;
    const metric = condition ? condition.metric : clean(row[metricCol] ?? "");
    if (!metric) return;
    const t: Partial<Threshold> = {};
    if (condition) {
      const severe = /p1|sev ?1|crit|high|page|major/i.test(cell("severity") || "critical");
      t[severe ? "critical" : "warn"] = format(condition.level);
      t.unit = condition.level.unit;
    }
    const warn = cell("warn") ? parseLevel(cell("warn"), ">") : null;
    const critical = cell("critical") ? parseLevel(cell("critical"), ">") : null;
    const target = cell("target") ? parseLevel(cell("target"), ">=") : null;
    if (critical) t.critical = format(critical);
    if (warn) t.warn = format(warn);
    else if (target && !condition) t.warn = format({ ...target, op: NEGATE[target.op] ?? "!=" });
    if (!t.warn && !t.critical) return;
    const unit = (critical || warn || target || condition?.level)?.unit;
    out.push(
      finish(
        { metric, ...t, unit: unit || undefined, line: at },
        critical || condition?.level || null,
        catalog,
      ),
    );
  });
  return out;
}

/** `queue_depth > 1000`, `Taskiq queue depth > 100 tasks`, `error rate above 5% over 5 minutes`. */
function parseCondition(text: string): { metric: string; level: Level } | null {
  const t = clean(text).slice(0, 300);
  const m = /^(.+?)\s*(>=|<=|≥|≤|>|<|==|\babove\b|\bbelow\b|\bover\b|\bunder\b|\bexceeds\b)\s*(.+)$/i.exec(t);
  if (!m || (/\d$/.test(m[1]) && !/[a-z]/i.test(m[1]))) return null;
  const level = parseLevel(`${m[2]} ${m[3]}`, ">");
  return level ? { metric: m[1].trim(), level } : null;
}

/** `Alert: Taskiq queue depth > 100 tasks` lines. */
export function alertThreshold(text: string, line: number, catalog?: ImportCatalog): Threshold | null {
  const m = /^\W*alerts?(?:\s+(?:if|when|on))?\W*:\s*(.+)$/i.exec(text.slice(0, 400));
  const condition = m && parseCondition(m[1]);
  if (!condition) return null;
  const level = condition.level;
  const t = { metric: condition.metric, critical: format(level), unit: level.unit || undefined, line };
  return finish(t, level, catalog);
}

function clean(text: string): string {
  return text.replace(/[`*]/g, "").trim();
}

function finish(t: Omit<Threshold, "name">, critical: Level | null, catalog?: ImportCatalog): Threshold {
  const name = slugMetric(t.metric);
  const recordedBy = catalog ? recordingCheck(t.metric, catalog) : undefined;
  if (!recordedBy) return { ...t, name };
  const above =
    critical && (critical.op === ">" || critical.op === ">=")
      ? critical.value * (TO_MS[critical.unit] && recordedBy.unit === "ms" ? TO_MS[critical.unit] : 1)
      : undefined;
  return {
    ...t,
    name,
    recordedBy: { service: recordedBy.service, check: recordedBy.check, metric: recordedBy.metric },
    ...(above !== undefined ? { above } : {}),
  };
}

function slugMetric(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 60);
  return /^[a-z0-9]/.test(slug) ? slug : `metric_${slug}`.slice(0, 60);
}

const tokens = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** The declared metric all of whose words appear in the runbook's name for it (most words wins). */
function recordingCheck(metric: string, catalog: ImportCatalog) {
  const words = new Set(tokens(metric).map((w) => w.replace(/s$/, "")));
  let best: { service: string; check: string; metric: string; unit?: string; score: number } | undefined;
  for (const service of catalog.services)
    for (const check of service.checks) {
      if (!check.metric) continue;
      const need = tokens(check.metric.name).map((w) => w.replace(/s$/, ""));
      if (!need.length || !need.every((w) => words.has(w))) continue;
      const unit = check.metric.unit ?? (check.metric.name.includes("latency") ? "ms" : undefined);
      if (!best || need.length > best.score)
        best = { service: service.id, check: check.id, metric: check.metric.name, unit, score: need.length };
    }
  return best;
}
