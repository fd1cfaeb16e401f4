import { readFileSync } from "node:fs";

/**
 * Proportional set size (Pss) in MB, summed over the processes: each shared page counts once in
 * total, split among the processes mapping it. Postgres backends all map shared_buffers; summing
 * their VmRSS would count every touched shared page once per backend.
 */
export function pssMb(pids: readonly number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
      if (m) kb += Number(m[1]);
    } catch {
      // exited
    }
  }
  return kb / 1024;
}
