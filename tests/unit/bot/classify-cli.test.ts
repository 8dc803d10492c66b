import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '../../..');
const DECISIONS = ['answer', 'clarify', 'fallback', 'handoff'];

function classify(kb: string, input: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['tsx', 'scripts/classify.ts', '--kb', kb], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run classify', () => {
  it('writes exactly one JSON line of the fixed shape per input line, and nothing else', () => {
    const input = ['wher is my oder', '转人工', '', 'xyzzy plugh', '我的快递到哪了'];
    const { status, stdout } = classify('tests/fixtures/kb-mini', `${input.join('\n')}\n`);
    expect(status).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(input.length);
    const rows = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    rows.forEach((row, i) => {
      expect(Object.keys(row)).toEqual(['text', 'intent', 'confidence', 'decision', 'candidates']);
      expect(row.text).toBe(input[i]);
      expect(DECISIONS).toContain(row.decision);
      expect(typeof row.confidence).toBe('number');
      const candidates = row.candidates as Record<string, unknown>[];
      expect(candidates.length).toBeLessThanOrEqual(5);
      for (const c of candidates) {
        expect(Object.keys(c)).toEqual(['intent', 'confidence']);
        expect(c.confidence).toBeGreaterThanOrEqual(0);
        expect(c.confidence).toBeLessThanOrEqual(1);
      }
    });
    expect(rows[0]).toMatchObject({ intent: 'order.track', decision: 'answer' });
    expect(rows[1]).toMatchObject({ decision: 'handoff' });
    expect(rows[3]).toMatchObject({ decision: 'fallback' });
    expect(rows[4]).toMatchObject({ intent: 'order.track', decision: 'answer' });
  }, 60_000);

  it('fails with the KB error on stderr and an empty stdout', () => {
    const { status, stdout, stderr } = classify('tests/fixtures/kb-mini/broken', 'hello\n');
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('returns.yaml: intent "refund.status": answer.zh: Required');
  }, 60_000);
});
