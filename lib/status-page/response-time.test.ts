import { describe, expect, it } from "vitest";
import { resolvePages } from "./derive";
import { responseTimeSection } from "./render/response-time";
import { statusPageSchema } from "./schemas";
import { buildSnapshot, RESPONSE_TIME_HOURS, type SnapshotInput } from "./snapshot";

/** A component page's response-time chart: hourly means of its HTTP-checked services, gaps kept. */

const HOUR = 3_600_000;
const now = Date.parse("2025-06-10T12:30:00Z");
const thisHour = Date.parse("2025-06-10T12:00:00Z");

const [page] = resolvePages(
  [
    statusPageSchema.parse({
      id: "acme",
      title: "Acme",
      components: [
        { name: "API", services: ["api-a", "api-b"] },
        { name: "Queue", services: ["worker"] },
      ],
    }),
  ],
  [],
);

const input = (latency: SnapshotInput["latency"]): SnapshotInput => ({
  now,
  health: new Map(),
  services: [],
  incidents: [],
  windows: [],
  segments: new Map(),
  latency,
});

describe("response time", () => {
  it("averages the component's services per hour over the last 24 hours, null where nothing was measured", () => {
    const snap = buildSnapshot(
      page,
      input(
        new Map([
          // api-a: 10 samples of 100 ms this hour; api-b: 30 of 300 ms. Mean by sample: 250 ms.
          [
            "api-a",
            [
              { hour: thisHour, sum: 1000, count: 10 },
              { hour: thisHour - 2 * HOUR, sum: 500, count: 5 },
            ],
          ],
          [
            "api-b",
            [
              { hour: thisHour, sum: 9000, count: 30 },
              { hour: thisHour - 30 * HOUR, sum: 1, count: 1 },
            ],
          ],
        ]),
      ),
    );
    const hours = snap.components[0].responseTime!.hours;
    expect(hours).toHaveLength(RESPONSE_TIME_HOURS);
    expect(hours[0].at).toBe("2025-06-09T13:00:00.000Z");
    expect(hours.at(-1)).toEqual({ at: "2025-06-10T12:00:00.000Z", ms: 250 });
    expect(hours.at(-3)).toEqual({ at: "2025-06-10T10:00:00.000Z", ms: 100 });
    expect(hours.filter((h) => h.ms !== null)).toHaveLength(2); // 30 h ago is outside the day
    // A component whose services no HTTP check measures has no chart at all.
    expect(snap.components[1].responseTime).toBeUndefined();
  });

  it("draws a gap as a gap, scales to a round top and lists the hours for screen readers", () => {
    const snap = buildSnapshot(
      page,
      input(
        new Map([
          [
            "api-a",
            [
              { hour: thisHour - 5 * HOUR, sum: 120, count: 1 },
              { hour: thisHour - 4 * HOUR, sum: 180, count: 1 },
              { hour: thisHour - 1 * HOUR, sum: 140, count: 1 },
              { hour: thisHour, sum: 160, count: 1 },
            ],
          ],
        ]),
      ),
    );
    const html = responseTimeSection(snap.components[0]);
    expect(html.match(/<polyline /g)).toHaveLength(2);
    expect(html).toContain("scale 0 to 200 ms");
    expect(html).toContain("150 ms over the day");
    expect(html.match(/<tr><td>/g)).toHaveLength(4);
    expect(responseTimeSection(snap.components[1])).toBe("");
  });
});
