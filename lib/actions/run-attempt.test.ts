import { describe, expect, it } from "vitest";
import { runAttempt } from "./service";

describe("the audit record of a refused run request", () => {
  it("keeps what was aimed at, and at most 20 parameters of 200 characters each", () => {
    const params = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, "v".repeat(10_000)]));
    const attempt = runAttempt({ serviceId: "web", actionId: "restart", params });
    const recorded = attempt.params as Record<string, string>;
    expect(attempt).toMatchObject({ action: "action.run", target: "web" });
    expect(recorded.actionId).toBe("restart");
    expect(Object.keys(recorded)).toHaveLength(21);
    expect(Math.max(...Object.values(recorded).map((v) => v.length))).toBe(200);
    expect(JSON.stringify(attempt).length).toBeLessThan(6000);
  });

  it("does not trust the shape it was sent", () => {
    expect(runAttempt("not an object")).toEqual({
      action: "action.run",
      target: "",
      params: { actionId: "" },
    });
    expect(runAttempt({ serviceId: { x: 1 }, params: [1, 2] }).params).toEqual({ actionId: "" });
  });
});
