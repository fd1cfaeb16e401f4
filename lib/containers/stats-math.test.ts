import { describe, expect, it } from "vitest";
import { cpuPercent, memoryPercent } from "./stats-math";

const read = (cpuTotalNs: number, systemCpuNs: number, onlineCpus = 2) => ({
  cpuTotalNs,
  systemCpuNs,
  onlineCpus,
});

describe("cpuPercent", () => {
  it("has no value for the first read: one-shot reads carry no previous sample", () => {
    expect(cpuPercent(undefined, read(5e9, 1e12))).toBeNull();
  });

  it("scales the container's share of host time by the number of cores", () => {
    // 2 s of wall time on 2 cores = 4e9 ns of host time; the container used 1e9 ns = half a core.
    expect(cpuPercent(read(1e9, 100e9), read(2e9, 104e9))).toBe(50);
    // Both cores busy: 200 %, as docker stats shows it.
    expect(cpuPercent(read(0, 100e9), read(4e9, 104e9))).toBe(200);
    expect(cpuPercent(read(0, 0, 4), read(1e9, 8e9, 4))).toBe(50);
  });

  it("returns null on a counter reset (the container restarted) and when no host time passed", () => {
    expect(cpuPercent(read(9e9, 100e9), read(1e6, 104e9))).toBeNull();
    expect(cpuPercent(read(1e9, 100e9), read(2e9, 100e9))).toBeNull();
  });

  it("never reports more than all cores busy (jiffy rounding of the host counter)", () => {
    expect(cpuPercent(read(0, 100e9), read(4.1e9, 104e9))).toBe(200);
  });

  it("treats an unknown core count as one core", () => {
    expect(cpuPercent(read(0, 0, 0), read(1e9, 2e9, 0))).toBe(50);
  });
});

describe("memoryPercent", () => {
  it("is the share of the limit, or null without a limit", () => {
    expect(memoryPercent(256 << 20, 1024 << 20)).toBe(25);
    expect(memoryPercent(1, 0)).toBeNull();
  });
});
