import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of V8's `.cpuprofile` (what `node --cpu-prof` writes) read here. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A span of the monotonic clock, in µs: `process.hrtime` and V8's profile timestamps share it. */
export interface ProfileWindow {
  from: number;
  to: number;
}

export interface ProcessProfile {
  file: string;
  process: string;
  busyMs: number;
  idleMs: number;
  packages: Array<{ name: string; share: number }>;
  functions: Array<{ name: string; share: number }>;
}

export const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/** Which process wrote a profile: the first app bundle or comparison server among its scripts. */
function processName(profile: CpuProfile): string {
  const urls = profile.nodes.map((node) => node.callFrame.url);
  const app = (name: string) => urls.some((url) => url.includes(`/dist/apps/${name}/main.js`));
  if (app('standalone')) return 'standalone (every app)';
  for (const url of urls) {
    const bundle = /\/dist\/apps\/([^/]+)\/main\.js$/.exec(url);
    if (bundle) return bundle[1];
    const server = /\/tools\/bench\/([^/]+)\.mjs$/.exec(url);
    if (server) return server[1] === 'oidc-provider-server' ? 'oidc-provider' : server[1];
  }
  return 'unknown';
}

/** node_modules package, Node built-in, Mandate's bundles, or native code for a frame's script. */
function packageOf(url: string, functionName: string): string {
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1];
  if (url.startsWith('node:')) return 'node';
  if (url.includes('/dist/apps/')) return 'mandate';
  if (!url) return functionName.startsWith('(') ? functionName : 'native';
  return url.split('/').slice(-1)[0];
}

/**
 * Self time per function and per package in each profile of `dir`, counting only the samples
 * taken inside `window` (the load rows, not start-up), so the shares say where a request's CPU
 * goes. Written by hand: the profile is plain JSON, and what is wanted is a few sums over it.
 */
export function summarizeProfiles(dir: string, window: ProfileWindow, top = 12): ProcessProfile[] {
  const summaries: ProcessProfile[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile')).sort()) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    const byFunction = new Map<string, number>();
    const byPackage = new Map<string, number>();
    let busy = 0;
    let idle = 0;
    let at = profile.startTime;
    profile.samples.forEach((id, i) => {
      const delta = profile.timeDeltas[i] ?? 0;
      at += delta;
      if (at < window.from || at > window.to) return;
      const frame = nodes.get(id);
      if (!frame || frame.functionName === '(idle)') {
        idle += delta;
        return;
      }
      busy += delta;
      const where = frame.url ? `${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}` : 'native';
      const name = `${frame.functionName || '(anonymous)'} ${where}`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
      const pkg = packageOf(frame.url, frame.functionName);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + delta);
    });
    const shares = (totals: Map<string, number>) =>
      [...totals.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([name, us]) => ({ name, share: busy ? us / busy : 0 }));
    summaries.push({ file, process: processName(profile), busyMs: Math.round(busy / 1000), idleMs: Math.round(idle / 1000), packages: shares(byPackage), functions: shares(byFunction) });
  }
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({ window, summaries }, null, 2));
  return summaries;
}

/** The summary as text for the end of the bench's output. */
export function formatProfiles(dir: string, summaries: ProcessProfile[]): string[] {
  const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
  const lines = [
    `CPU profiles in ${dir} (open a .cpuprofile in Chrome DevTools' Performance panel or speedscope for its flame graph); self time while the bench drove load (any target's rows), start-up left out:`,
  ];
  for (const s of summaries) {
    lines.push(`- ${s.process} (${s.file}): busy ${(s.busyMs / 1000).toFixed(1)} s, idle ${(s.idleMs / 1000).toFixed(1)} s`);
    lines.push(`  by package: ${s.packages.map((p) => `${p.name} ${percent(p.share)}`).join(', ')}`);
    for (const f of s.functions) lines.push(`  ${percent(f.share).padStart(7)}  ${f.name}`);
  }
  return lines;
}
