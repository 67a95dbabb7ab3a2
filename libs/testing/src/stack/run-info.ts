import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

/** The machine a measured run (`npm run bench`, `npm run faults`) ran on, for its report. */
export interface MachineSummary {
  cpus: number;
  cpuModel: string;
  memGiB: number;
  loadavgAtEnd: string[];
}

export function machineSummary(): MachineSummary {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memGiB: Math.round(totalmem() / 2 ** 30), loadavgAtEnd: loadavg().map((l) => l.toFixed(2)) };
}

/** `2 × <model>, 8 GiB, load average at the end 1.02 0.88 0.70` */
export const describeMachine = (m: MachineSummary) => `${m.cpus} × ${m.cpuModel}, ${m.memGiB} GiB, load average at the end ${m.loadavgAtEnd.join(' ')}`;

/** The commit the apps were built from, `+changes` when the working tree differs from it. */
export function sourceCommit(root: string): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? '+changes' : ''}`;
  } catch {
    return 'commit unknown';
  }
}
