import { randomUUID } from "node:crypto";
import type pg from "pg";

/**
 * 90 days of the history a status page reads, written straight into a migrated database before
 * the console starts, so the page has the size it has after months of use: per service its
 * `StateChange` rows (a start, a restart a week, a few outages or slow spells a week, and the
 * outages behind the incidents), and resolved incidents with their events as the incident
 * service writes them (declared, status changes, internal notes, public updates with title and
 * impact). Deterministic for a seed, so every run gets the same history relative to its `now`.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface HistoryOptions {
  serviceIds: readonly string[];
  now: number;
  days?: number;
  incidents?: number;
  /** Outages and slow spells per service and week, at least and at most. */
  perWeek?: [number, number];
  seed?: number;
}

export interface HistoryCounts {
  stateChanges: number;
  outages: number;
  incidents: number;
  incidentEvents: number;
  publicUpdates: number;
}

/** mulberry32: small, fast, and the same sequence for the same seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (lo: number, hi: number) => lo + next() * (hi - lo),
    int: (lo: number, hi: number) => Math.floor(lo + next() * (hi - lo + 1)),
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)],
  };
}

interface Spell {
  from: number;
  to: number;
  state: "down" | "degraded" | "unknown";
  reason: string;
}

const IMPACTS = ["major_outage", "partial_outage", "degraded_performance"] as const;
const SEVERITIES = [
  { id: "P1", weight: 0.1 },
  { id: "P2", weight: 0.6 },
  { id: "P3", weight: 0.3 },
];
const CAUSES = [
  "a failed database failover",
  "an expired certificate on the load balancer",
  "a bad configuration push",
  "disk pressure on the storage nodes",
  "a network partition between zones",
  "an upstream payment provider outage",
  "a memory leak in the latest release",
  "a saturated connection pool",
];
const AREAS = ["Checkout", "Search", "Login", "Notifications", "The public API", "Reports", "File uploads"];

const updateTexts = (area: string, cause: string) => ({
  investigating: `${area} is failing for some customers. We are investigating and will post an update within 30 minutes.`,
  identified: `We have identified the cause as ${cause}. Engineers are applying a fix; some requests may still fail or be slow until it is rolled out.`,
  monitoring: `A fix has been rolled out and error rates are back to normal. We are monitoring ${area.toLowerCase()} closely before closing this incident.`,
  resolved: `This incident has been resolved. ${area} has worked normally since the fix. We will publish a short review of what happened and what we are changing.`,
});

const iso = (ms: number) => new Date(ms).toISOString();
/** A timestamp(3) column holds UTC wall time: parameters go in as ISO strings and are converted explicitly. */
const TS = (n: number) => `($${n}::timestamptz AT TIME ZONE 'UTC')`;

async function insertRows(
  client: pg.Client,
  head: string,
  rows: unknown[][],
  cell: (column: number, param: number) => string,
) {
  const perStatement = Math.floor(60_000 / (rows[0]?.length ?? 1));
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const params: unknown[] = [];
    const values = chunk.map(
      (row) =>
        `(${row
          .map((v, c) => {
            params.push(v);
            return cell(c, params.length);
          })
          .join(", ")})`,
    );
    await client.query(`${head} VALUES ${values.join(", ")}`, params);
  }
}

export async function writeStatusHistory(client: pg.Client, o: HistoryOptions): Promise<HistoryCounts> {
  const rnd = prng(o.seed ?? 20261207);
  const days = o.days ?? 90;
  const [least, most] = o.perWeek ?? [1, 4];
  const start = o.now - (days + 1) * DAY;
  // Nothing in the last 15 minutes: the console's first checks decide the current state.
  const end = o.now - 15 * MINUTE;
  const spells = new Map<string, Spell[]>(o.serviceIds.map((id) => [id, []]));

  // Resolved incidents spread over the days, each behind an outage of its services.
  const incidentRows: unknown[][] = [];
  const eventRows: unknown[][] = [];
  let publicUpdates = 0;
  for (let k = 0; k < (o.incidents ?? 30); k++) {
    const declaredAt = Math.round(rnd.between(o.now - (days - 1) * DAY, o.now - DAY));
    const duration = Math.round(rnd.between(20 * MINUTE, 4 * HOUR));
    const resolvedAt = declaredAt + duration;
    const services = [...new Set(Array.from({ length: rnd.int(1, 3) }, () => rnd.pick(o.serviceIds)))];
    let roll = rnd.next();
    const severity = SEVERITIES.find((s) => (roll -= s.weight) < 0)?.id ?? "P2";
    const impact = rnd.pick(IMPACTS);
    const area = rnd.pick(AREAS);
    const cause = rnd.pick(CAUSES);
    const texts = updateTexts(area, cause);
    const publicTitle = `${area} ${impact === "degraded_performance" ? "slow" : "unavailable"} for some customers`;
    const id = randomUUID();
    const commander = `oncall-${rnd.int(1, 6)}@example.com`;
    const identifiedAt = declaredAt + Math.round(duration * 0.25);
    const mitigatedAt = declaredAt + Math.round(duration * 0.7);
    for (const s of services)
      spells.get(s)!.push({
        from: declaredAt - rnd.int(1, 8) * MINUTE,
        to: mitigatedAt,
        state: impact === "degraded_performance" ? "degraded" : "down",
        reason: impact === "degraded_performance" ? "http: latency 2315ms > 1000ms" : "http: HTTP 503",
      });
    const event = (at: number, type: string, message: string, data: unknown, isPublic = false) =>
      eventRows.push([
        id,
        iso(at),
        iso(at),
        type,
        commander,
        message,
        data === null ? null : JSON.stringify(data),
        isPublic,
      ]);
    event(
      declaredAt,
      "declared",
      `${commander} declared the incident (${severity}, ${services.join(", ")}), commander ${commander}`,
      null,
    );
    const steps: [string, number][] = [
      ["identified", identifiedAt],
      ["monitoring", mitigatedAt],
      ["resolved", resolvedAt],
    ];
    const firstUpdate = declaredAt + rnd.int(2, 6) * MINUTE;
    event(
      firstUpdate,
      "public",
      texts.investigating,
      { status: "investigating", title: publicTitle, impact },
      true,
    );
    event(
      declaredAt + rnd.int(1, 4) * MINUTE,
      "note",
      `Paged the owning team; dashboards show errors on ${services.join(", ")}.`,
      null,
    );
    let from = "investigating";
    let lastPublic = firstUpdate;
    for (const [to, at] of steps) {
      event(at, "status", `${commander} changed the status from ${from} to ${to}`, { from, to });
      // The resolution's public word sometimes comes from the page's own text (no update posted).
      if (to !== "resolved" || rnd.next() < 0.7) {
        lastPublic = at + MINUTE;
        event(lastPublic, "public", texts[to as keyof typeof texts], { status: to }, true);
      }
      from = to;
    }
    publicUpdates += eventRows.filter((r) => r[0] === id && r[7] === true).length;
    incidentRows.push([
      id,
      `INTERNAL ${cause} (${services.join(", ")})`,
      severity,
      "resolved",
      JSON.stringify(services),
      commander,
      "[]",
      commander,
      iso(declaredAt),
      iso(declaredAt),
      iso(identifiedAt),
      iso(mitigatedAt),
      iso(resolvedAt),
      iso(lastPublic),
      iso(resolvedAt),
    ]);
  }

  // The monitor's own history: weekly restarts, and outages or slow spells a few times a week.
  let outages = 0;
  for (const id of o.serviceIds) {
    const list = spells.get(id)!;
    // The incidents' outages stay whole: a spell of the monitor's own that overlaps one is not added.
    const fixed = [...list];
    const clear = (from: number, to: number) =>
      fixed.every((f) => to < f.from - MINUTE || from > f.to + MINUTE);
    for (let week = start; week < end; week += 7 * DAY) {
      const restart = week + Math.round(rnd.between(0, 7 * DAY));
      const restartEnd = restart + rnd.int(3, 20) * 1000;
      if (clear(restart, restartEnd))
        list.push({ from: restart, to: restartEnd, state: "unknown", reason: "not run yet" });
      for (let n = rnd.int(least, most); n > 0; n--) {
        const at = week + Math.round(rnd.between(0, 7 * DAY));
        const down = rnd.next() < 0.6;
        const to =
          at + Math.round(down ? rnd.between(2 * MINUTE, 30 * MINUTE) : rnd.between(5 * MINUTE, 60 * MINUTE));
        if (!clear(at, to)) continue;
        list.push({
          from: at,
          to,
          state: down ? "down" : "degraded",
          reason: down ? "http: HTTP 503" : "http: latency 1840ms > 1000ms",
        });
      }
    }
  }
  const changeRows: unknown[][] = [];
  for (const id of o.serviceIds) {
    const list = spells.get(id)!.sort((a, b) => a.from - b.from);
    changeRows.push(["service", id, id, null, "unknown", "not run yet", iso(start)]);
    changeRows.push(["service", id, id, "unknown", "up", "http: HTTP 200 in 4ms", iso(start + 5000)]);
    let state = "up";
    let until = start + 5000;
    for (const s of list) {
      // Overlapping spells are one: the later one is dropped.
      if (s.from <= until + 1000 || s.to >= end) continue;
      changeRows.push(["service", id, id, state, s.state, s.reason, iso(s.from)]);
      changeRows.push(["service", id, id, s.state, "up", "http: HTTP 200 in 4ms", iso(s.to)]);
      if (s.state !== "unknown") outages += 1;
      state = "up";
      until = s.to;
    }
  }

  await client.query("BEGIN");
  try {
    await insertRows(
      client,
      `INSERT INTO "StateChange" ("scope","entityId","serviceId","fromState","toState","reason","at")`,
      changeRows,
      (c, n) => (c === 6 ? TS(n) : `$${n}`),
    );
    await insertRows(
      client,
      `INSERT INTO "Incident" ("id","title","severity","status","services","commander","responders","declaredBy","declaredAt","acknowledgedAt","identifiedAt","mitigatedAt","resolvedAt","lastUpdateAt","updatedAt")`,
      incidentRows,
      (c, n) => (c >= 8 ? TS(n) : c === 4 || c === 6 ? `$${n}::jsonb` : `$${n}`),
    );
    await insertRows(
      client,
      `INSERT INTO "IncidentEvent" ("incidentId","at","recordedAt","type","actorName","message","data","public")`,
      eventRows,
      (c, n) => (c === 1 || c === 2 ? TS(n) : c === 6 ? `$${n}::jsonb` : `$${n}`),
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
  await client.query(`ANALYZE "StateChange"; ANALYZE "Incident"; ANALYZE "IncidentEvent"`);
  return {
    stateChanges: changeRows.length,
    outages,
    incidents: incidentRows.length,
    incidentEvents: eventRows.length,
    publicUpdates,
  };
}
