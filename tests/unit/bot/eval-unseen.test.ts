import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBot } from '../../../server/bot/create-bot';
import { loadKb } from '../../../server/bot/load-kb';
import { evalUnseenItems, readUnseen, type UnseenItem } from '../../../scripts/eval/unseen';
import { reliability } from '../../../scripts/eval/reliability';

describe('unseen-wording eval', () => {
  it('computes the issue table over the whole bot, per language', async () => {
    const kb = await loadKb(path.join(__dirname, '../../fixtures/kb-mini'));
    const bot = createBot(kb);
    const items: UnseenItem[] = [
      { text: 'where is my order', lang: 'en', intent: 'order.track', style: 'question' },
      { text: 'refund or cancel', lang: 'en', intent: 'order.cancel', style: 'keyword' },
      { text: '我的快递到哪了', lang: 'zh', intent: 'order.track', style: 'question' },
      { text: 'xyzzy plugh', lang: 'en', intent: null, style: 'oos' },
    ];
    const r = evalUnseenItems(bot, items, 'kb-mini', 'items.jsonl');
    expect(r.all.inScope).toBe(3);
    expect(r.all.outOfScope).toBe(1);
    expect(r.all.rightAnswer).toBeCloseTo(2 / 3);
    // The tie is clarified with both intents offered: the right one is a chip.
    expect(r.all.rightChip).toBeCloseTo(1 / 3);
    expect(r.all.rightChipOfRest).toBe(1);
    expect(r.all.wrongAnswer).toBe(0);
    expect(r.all.oosNotAnswered).toBe(1);
    expect(Object.keys(r.byLanguage)).toEqual(['en', 'zh']);
    expect(r.byLanguage.zh!.rightAnswer).toBe(1);
  });

  it('reads JSON lines and names a malformed line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'unseen-'));
    try {
      const file = path.join(dir, 'items.jsonl');
      await writeFile(file, '{"text":"hi","lang":"en","intent":"greeting","style":"keyword"}\n\n{"text":"jobs?","lang":"en","intent":null,"style":"oos"}\n');
      expect(await readUnseen(file)).toHaveLength(2);
      await writeFile(file, '{"text":"hi","lang":"en","intent":"greeting"}\n{"lang":"en"}\n');
      await expect(readUnseen(file)).rejects.toThrow(/items\.jsonl:2: expected/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports the expected calibration error of a reliability table', () => {
    const judged = [...Array.from({ length: 10 }, (_, i) => ({ confidence: 0.95, isRight: i < 9 })), ...Array.from({ length: 10 }, (_, i) => ({ confidence: 0.55, isRight: i < 2 }))];
    const { bins, ece } = reliability(judged);
    expect(bins.map((b) => b.count)).toEqual([10, 10]);
    expect(ece).toBeCloseTo(0.5 * 0.05 + 0.5 * 0.35);
  });
});
