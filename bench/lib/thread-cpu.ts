// CPU time per thread of the browsers this process started, from Linux's /proc: on a shared 2-core
// machine wall-clock rates swing with other work, while the CPU a path spends, and on which thread,
// stays put. Elsewhere than Linux a snapshot is empty and the figures are left out.
import { readdirSync, readFileSync } from 'node:fs';

/** Milliseconds of CPU (user + system) per thread, keyed `pid/tid thread-name`. */
export type ThreadCpu = ReadonlyMap<string, number>;

/** Linux's USER_HZ: /proc counts CPU time in ticks of 10 ms. */
const TICK_MS = 10;

/** The text of a /proc file, or undefined once the process or thread is gone. */
export const readOr = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** The fields after `pid (comm)` in a /proc stat line, and the comm. */
function parseStat(stat: string): { comm: string; fields: string[] } {
  const close = stat.lastIndexOf(')');
  return { comm: stat.slice(stat.indexOf('(') + 1, close), fields: stat.slice(close + 2).split(' ') };
}

/** Every process below this one (Chromium and its children), as pids. */
export function descendants(): string[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const parent = new Map<string, string>();
  for (const pid of pids) {
    const stat = readOr(`/proc/${pid}/stat`);
    // Field 2 after the comm is the parent pid.
    if (stat !== undefined) parent.set(pid, parseStat(stat).fields[1] ?? '');
  }
  const self = String(process.pid);
  return pids.filter((pid) => {
    for (let at = parent.get(pid); at !== undefined && at !== '0'; at = parent.get(at)) if (at === self) return true;
    return false;
  });
}

export function threadCpu(): ThreadCpu {
  const cpu = new Map<string, number>();
  for (const pid of descendants()) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const stat = readOr(`/proc/${pid}/task/${tid}/stat`);
      if (stat === undefined) continue;
      const { comm, fields } = parseStat(stat);
      // utime and stime, fields 14 and 15 of the line.
      const ticks = Number(fields[11]) + Number(fields[12]);
      if (Number.isFinite(ticks)) cpu.set(`${pid}/${tid} ${comm}`, ticks * TICK_MS);
    }
  }
  return cpu;
}

/** CPU spent between two snapshots, per thread, threads that spent none left out. */
export function cpuBetween(before: ThreadCpu, after: ThreadCpu): Map<string, number> {
  const spent = new Map<string, number>();
  for (const [thread, ms] of after) {
    const delta = ms - (before.get(thread) ?? 0);
    if (delta > 0) spent.set(thread, delta);
  }
  return spent;
}

/** Adds `more` into `into`, thread by thread. */
export function addCpu(into: Map<string, number>, more: ReadonlyMap<string, number>): void {
  for (const [thread, ms] of more) into.set(thread, (into.get(thread) ?? 0) + ms);
}
