/**
 * `tsx scripts/bench/profile-summary.ts FILE.cpuprofile [top]`: self time per function and per file
 * of a V8 CPU profile (what `--cpu-prof` writes), so the bench's profile can be read without a browser.
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self milliseconds per key, largest first. */
export function selfTimes(profile: Profile, keyOf: (node: ProfileNode) => string): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const key = keyOf(node);
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

function main(): void {
  const [file, topRaw] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary FILE.cpuprofile [top]');
  const top = Number(topRaw ?? '25');
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const total = profile.timeDeltas.reduce((a, b) => a + b, 0) / 1000;
  const short = (url: string) => url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, 'nm/').replace(/.*\/(server|shared)\//, '$1/');
  const show = (title: string, rows: [string, number][]) => {
    process.stdout.write(`\n${title} (of ${Math.round(total)} ms)\n`);
    for (const [key, ms] of rows.slice(0, top)) process.stdout.write(`${((ms / total) * 100).toFixed(1).padStart(5)} %  ${Math.round(ms).toString().padStart(6)} ms  ${key}\n`);
  };
  show('self time by function', selfTimes(profile, (n) => `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`));
  show('self time by file', selfTimes(profile, (n) => short(n.callFrame.url) || n.callFrame.functionName));
}

main();
