import { describe, expect, it } from "vitest";
import { timelineSegments, uptimeOf } from "@/lib/monitor/history";

const M = 60_000;

describe("uptime around a maintenance window", () => {
  it("leaves the window's time out of the figure and says how long it was", () => {
    // up 0-60 min, maintenance 60-80 (the service was down underneath), down 80-90, up 90-120.
    const from = 0;
    const to = 120 * M;
    const segments = timelineSegments(
      { toState: "up", reason: "ok", at: -M },
      [
        { toState: "maintenance", reason: "maintenance: DB upgrade until ...", at: 60 * M },
        { toState: "down", reason: "connection refused", at: 80 * M },
        { toState: "up", reason: "ok", at: 90 * M },
      ],
      from,
      to,
    );
    const uptime = uptimeOf(segments, from, to);
    expect(uptime.msByState.maintenance).toBe(20 * M);
    // 10 minutes down out of the 100 minutes outside the window, not out of 120.
    expect(uptime.percent).toBe(90);
    expect(segments.map((s) => s.state)).toEqual(["up", "maintenance", "down", "up"]);
  });
});
