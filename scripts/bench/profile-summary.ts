/**
 * `tsx scripts/bench/profile-summary.ts FILE.cpuprofile [top]`: self time per function and per file
 * of a V8 CPU profile (what `--cpu-prof` writes), so the bench's profile can be read without a browser.
 * `FILE.heapprofile [top] [messages]`: bytes allocated per function and per file (what the bench's
 * `--heap-prof` writes), per message too when the phase's message count (the bench prints it) is given.
 */
import fs from 'node:fs';
import { totalBytes, type HeapProfile, type HeapProfileNode } from './alloc-sampler';

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

/** Self bytes per key, largest first. */
export function selfBytes(profile: HeapProfile, keyOf: (node: HeapProfileNode) => string): [string, number][] {
  const totals = new Map<string, number>();
  const stack = [profile.head];
  while (stack.length) {
    const node = stack.pop()!;
    const key = keyOf(node);
    totals.set(key, (totals.get(key) ?? 0) + node.selfSize);
    stack.push(...node.children);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

const short = (url: string) => url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, 'nm/').replace(/.*\/(server|shared)\//, '$1/');
type Frame = { callFrame: { functionName: string; url: string; lineNumber: number } };
const byFunction = (n: Frame) => `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const byFile = (n: Frame) => short(n.callFrame.url) || n.callFrame.functionName;

function summariseHeap(profile: HeapProfile, top: number, messages: number | null): void {
  const total = totalBytes(profile);
  const per = messages ? ` · ${(total / messages / 1024).toFixed(1)} KB per message over ${messages}` : '';
  const show = (title: string, rows: [string, number][]) => {
    process.stdout.write(`\n${title} (of ${(total / 2 ** 20).toFixed(1)} MB${per})\n`);
    for (const [key, bytes] of rows.slice(0, top)) {
      const perMessage = messages ? `${Math.round(bytes / messages).toString().padStart(7)} B/msg  ` : '';
      process.stdout.write(`${((bytes / total) * 100).toFixed(1).padStart(5)} %  ${(bytes / 2 ** 20).toFixed(1).padStart(7)} MB  ${perMessage}${key}\n`);
    }
  };
  show('allocated by function', selfBytes(profile, byFunction));
  show('allocated by file', selfBytes(profile, byFile));
}

function main(): void {
  const [file, topRaw, messagesRaw] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary FILE.cpuprofile|FILE.heapprofile [top] [messages]');
  const top = Number(topRaw ?? '25');
  if (file.endsWith('.heapprofile')) {
    summariseHeap(JSON.parse(fs.readFileSync(file, 'utf8')) as HeapProfile, top, messagesRaw ? Number(messagesRaw) : null);
    return;
  }
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const total = profile.timeDeltas.reduce((a, b) => a + b, 0) / 1000;
  const show = (title: string, rows: [string, number][]) => {
    process.stdout.write(`\n${title} (of ${Math.round(total)} ms)\n`);
    for (const [key, ms] of rows.slice(0, top)) process.stdout.write(`${((ms / total) * 100).toFixed(1).padStart(5)} %  ${Math.round(ms).toString().padStart(6)} ms  ${key}\n`);
  };
  show('self time by function', selfTimes(profile, byFunction));
  show('self time by file', selfTimes(profile, byFile));
}

main();
