import { describe, expect, it } from "vitest";
import { FIRST_RETRY_MS, MAX_RETRY_MS, retryDelayMs } from "./retry";

describe("retries", () => {
  it("wait 30 s after the first failure, doubling, never more than 15 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 100, 10_000].map(retryDelayMs)).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000, 900_000,
    ]);
    expect(retryDelayMs(0)).toBe(FIRST_RETRY_MS);
    expect(MAX_RETRY_MS).toBe(900_000);
  });
});
