import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** Linux /proc readers: which process listens on a port, its process tree, CPU ticks and RSS. */

const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

function numericDirs(dir: string): number[] {
  return readdirSync(dir)
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

function readStatFields(pid: number): string[] | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may contain spaces: split after the last ")".
    return raw.slice(raw.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** Sockets in /proc/net/tcp{,6} whose local port is `port`, in a TCP state ("0A" listen, "01" established): their inodes. */
export function tcpSockets(port: number, state: "0A" | "01"): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes: string[] = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols[1] = local address:port, cols[3] = state, cols[9] = inode.
      if (cols.length > 9 && cols[1].endsWith(`:${hexPort}`) && cols[3] === state) inodes.push(cols[9]);
    }
  }
  return inodes;
}

/** The pid holding a listening TCP socket on `port` (127.0.0.1 or any address), or null. */
export function listeningPid(port: number): number | null {
  const inodes = new Set(tcpSockets(port, "0A"));
  if (inodes.size === 0) return null;
  for (const pid of numericDirs("/proc")) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1])) return pid;
      } catch {
        // fd closed while we looked
      }
    }
  }
  return null;
}

/** `root` and all its descendants that are alive now. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of numericDirs("/proc")) {
    const f = readStatFields(pid);
    if (!f) continue;
    const ppid = Number(f[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** CPU seconds (user + system, plus reaped children) of the processes. */
export function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const f = readStatFields(pid);
    // After "pid (comm) ": state=0 ppid=1 ... utime=11 stime=12 cutime=13 cstime=14.
    if (f) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return ticks / CLK_TCK;
}

/** A "<Field>: <n> kB" line of a /proc/<pid>/ file, summed over the processes, in MB. */
function sumKbMb(pids: readonly number[], file: string, field: string): number {
  const re = new RegExp(`^${field}:\\s+(\\d+) kB`, "m");
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = re.exec(readFileSync(`/proc/${pid}/${file}`, "utf8"));
      if (m) kb += Number(m[1]);
    } catch {
      // exited
    }
  }
  return kb / 1024;
}

/** Resident set size in MB, summed over the processes. */
export const rssMb = (pids: readonly number[]) => sumKbMb(pids, "status", "VmRSS");

/**
 * Proportional set size (Pss) in MB, summed over the processes: each shared page counts once in
 * total, split among the processes mapping it. Postgres backends all map shared_buffers; summing
 * their VmRSS would count every touched shared page once per backend.
 */
export const pssMb = (pids: readonly number[]) => sumKbMb(pids, "smaps_rollup", "Pss");

export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

/**
 * CPU seconds the whole machine spent busy (every core: user, nice, system, irq, softirq, steal),
 * from /proc/stat: compared with a process tree's own, it shows what else ran during a window.
 */
export function machineBusySeconds(): number {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0];
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) / CLK_TCK;
}
