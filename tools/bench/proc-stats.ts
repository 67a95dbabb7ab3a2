/**
 * Per-process CPU time and memory from /proc (issue 24.2): utime + stime of /proc/<pid>/stat in
 * clock ticks (`getconf CLK_TCK`), VmRSS of /proc/<pid>/status. A row samples every process of
 * its target before and after the measured load; the difference over the requests completed is
 * each process's CPU per request. The arithmetic is pure (`cpuMsPerRequest`); reading is not.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** The fields of /proc/<pid>/stat that the bench reads. */
export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** utime + stime, in clock ticks. */
  ticks: number;
}

/**
 * Parses /proc/<pid>/stat. `comm` is in parentheses and may itself hold spaces and parentheses,
 * so the fields are counted from the last `)`: state is field 3, ppid 4, utime 14, stime 15.
 */
export function parseStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc stat line: ${text.slice(0, 60)}`);
  const rest = text.slice(close + 2).trim().split(/\s+/);
  // rest[0] is field 3 (state), so field n is rest[n - 3].
  const field = (n: number) => Number(rest[n - 3]);
  return { pid: Number(text.slice(0, open).trim()), comm: text.slice(open + 1, close), ppid: field(4), ticks: field(14) + field(15) };
}

/** VmRSS of /proc/<pid>/status in KiB (0 for a kernel thread or a zombie, which have none). */
export function parseVmRssKiB(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) : 0;
}

/** One group of processes the bench accounts together: a Mandate app (its replicas), NATS, Postgres and its backends. */
export interface ProcessGroup {
  name: string;
  /** Read at each sample: Postgres's backends come and go. */
  pids(): number[];
}

/** What one sample found for one group: CPU ticks per pid (a pid counts from its own start) and summed RSS. */
export interface GroupSample {
  ticks: Record<number, number>;
  rssKiB: number;
}

export type Sample = Record<string, GroupSample>;

/**
 * CPU milliseconds per request of each group between two samples. A pid that appears only in
 * `after` started during the row and counts from zero; one that exited during the row is lost
 * (its ticks are gone with it). Counters never go backwards, so a smaller value (a reused pid)
 * counts as a new process.
 */
export function cpuMsPerRequest(before: Sample, after: Sample, requests: number, clkTck: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, end] of Object.entries(after)) {
    let ticks = 0;
    for (const [pid, value] of Object.entries(end.ticks)) {
      const start = before[name]?.ticks[Number(pid)] ?? 0;
      ticks += value >= start ? value - start : value;
    }
    out[name] = requests > 0 ? (ticks * 1000) / clkTck / requests : 0;
  }
  return out;
}

let clkTck: number | undefined;
/** `getconf CLK_TCK` (100 on Linux unless the kernel says otherwise). */
export function clockTicksPerSecond(): number {
  if (clkTck === undefined) {
    try {
      clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** The direct children of a process: /proc/<pid>/task/<tid>/children, else a scan of every /proc/<pid>/stat for its ppid. */
function childrenOf(pid: number): number[] {
  const tasks = (() => {
    try {
      return readdirSync(`/proc/${pid}/task`);
    } catch {
      return [];
    }
  })();
  const lists = tasks.map((tid) => read(`/proc/${pid}/task/${tid}/children`));
  if (lists.length && lists.every((l) => l !== undefined)) return lists.flatMap((l) => (l ?? '').split(/\s+/).filter(Boolean).map(Number));
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (stat && parseStat(stat).ppid === pid) found.push(Number(entry));
  }
  return found;
}

/** A process and all its descendants (Postgres: the postmaster and its backends and workers). */
export function withDescendants(pid: number | undefined): number[] {
  if (!pid) return [];
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...childrenOf(all[i]).filter((c) => !all.includes(c)));
  return all;
}

/** Reads every group's processes now. A process that is gone counts as absent. */
export function sample(groups: ProcessGroup[]): Sample {
  const out: Sample = {};
  for (const group of groups) {
    const entry: GroupSample = { ticks: {}, rssKiB: 0 };
    for (const pid of group.pids()) {
      const stat = read(`/proc/${pid}/stat`);
      if (!stat) continue;
      entry.ticks[pid] = parseStat(stat).ticks;
      entry.rssKiB += parseVmRssKiB(read(`/proc/${pid}/status`) ?? '');
    }
    out[group.name] = entry;
  }
  return out;
}
