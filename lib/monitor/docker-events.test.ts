import { describe, expect, it } from "vitest";
import { backoff, toContainerEvent } from "./docker-events";

const raw = (action: string, type = "container") => ({
  type,
  action,
  actorId: "abc",
  attributes: { name: "web-1", image: "x" },
  time: 42,
});

describe("toContainerEvent", () => {
  it("maps container lifecycle events and reads the health status from the action", () => {
    expect(toContainerEvent(raw("die"))).toEqual({
      type: "die",
      containerId: "abc",
      name: "web-1",
      attributes: { name: "web-1", image: "x" },
      time: 42,
    });
    expect(toContainerEvent(raw("health_status: unhealthy"))).toMatchObject({
      type: "health_status",
      health: "unhealthy",
    });
  });

  it("ignores exec, image and unknown events", () => {
    expect(toContainerEvent(raw("exec_start: sh -c ls"))).toBeNull();
    expect(toContainerEvent(raw("pull", "image"))).toBeNull();
    expect(toContainerEvent(raw("rename"))).toBeNull();
  });
});

describe("backoff", () => {
  it("doubles from the minimum up to the cap, with jitter of at most half", () => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const ceiling = Math.min(10_000, 250 * 2 ** attempt);
      const delay = backoff(attempt, 250, 10_000);
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });
});
