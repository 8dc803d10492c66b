import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadKb } from '../../../server/bot/load-kb';
import { intentDiff } from '../../../server/kb-edit/intent-diff';
import { toIntentDoc } from '../../../server/kb-edit/intent-doc';
import { listCategories, restoreFile, writeIntentChange } from '../../../server/kb-edit/write-intent';

const MINI = path.resolve(__dirname, '../../fixtures/kb-mini');
let dir: string;
const file = () => path.join(dir, 'returns.yaml');
const read = () => fs.readFileSync(file(), 'utf8');

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-kbw-'));
  for (const f of fs.readdirSync(MINI)) if (f.endsWith('.yaml')) fs.copyFileSync(path.join(MINI, f), path.join(dir, f));
  // Comments a person wrote, which a write must keep.
  fs.writeFileSync(file(), `# Returns: reviewed by the returns team.\n${read().replace('    answer:\n', '    # Legal checked this answer on 2026-11-02.\n    answer:\n').replace('"start a return"', '"start a return" # the button text')}`);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function live(id: string) {
  const intent = (await loadKb(dir, { lexicon: false })).intents.find((i) => i.id === id);
  return intent ? toIntentDoc(intent) : null;
}

describe('writeIntentChange', () => {
  test('an edit changes only what differs and keeps comments, flow maps and the rest of the file', async () => {
    const before = read();
    const intent = (await live('returns.policy'))!;
    const edited = { ...intent, answer: { ...intent.answer, en: 'Returns are free within **60 days**.' }, utterances: { ...intent.utterances, en: [...intent.utterances.en, 'can I return a gift'] } };
    await writeIntentChange(dir, { kind: 'update', intentId: 'returns.policy', category: 'returns', intent: edited });
    const after = read();
    expect(after).toContain('# Returns: reviewed by the returns team.');
    expect(after).toContain('# Legal checked this answer on 2026-11-02.');
    expect(after).toContain('"start a return" # the button text');
    expect(after).toContain('title: { en: "Return an item", zh: "退货" }');
    expect(after).toContain('- can I return a gift');
    expect(after).toContain('Returns are free within **60 days**.');
    // Defaults the file never spelled out stay out.
    expect(after).not.toMatch(/priority: normal|handoff: false|followups: \[\]/);
    // The Chinese answer, untouched, is byte for byte as written.
    const zhLine = before.split('\n').find((l) => l.includes('zh: "**30 天内**'))!;
    expect(after).toContain(zhLine);
    expect(await live('returns.policy')).toEqual(edited);
  });

  test('a new intent goes to its category file in the files\' style; delete removes it; the KB loads each time', async () => {
    const created = {
      id: 'returns.gift',
      title: { en: 'Returning a gift', zh: '退回礼物' },
      utterances: { en: ['can I return a gift'], zh: ['礼物可以退吗'] },
      answer: { en: 'Yes, with the gift receipt:\n- open the link\n- print the label', zh: '可以，凭礼品收据退货。' },
      priority: 'normal', handoff: false, quickReplies: [], followups: [],
    };
    await writeIntentChange(dir, { kind: 'create', intentId: 'returns.gift', category: 'returns', intent: created });
    expect(read()).toContain('title: { en: Returning a gift, zh: 退回礼物 }');
    expect(read()).toMatch(/en: \|-\n\s+Yes, with the gift receipt:/);
    expect(await live('returns.gift')).toEqual(created);
    await expect(writeIntentChange(dir, { kind: 'create', intentId: 'returns.gift', category: 'returns', intent: created })).rejects.toMatchObject({ code: 'CONFLICT' });
    await writeIntentChange(dir, { kind: 'delete', intentId: 'returns.gift', category: 'returns', intent: null });
    expect(await live('returns.gift')).toBeNull();
    expect(read()).toContain('# Legal checked this answer on 2026-11-02.');
  });

  test('unknown intents and categories are NOT_FOUND; restoreFile puts the previous text back', async () => {
    await expect(writeIntentChange(dir, { kind: 'delete', intentId: 'no.such', category: 'returns', intent: null })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const intent = (await live('returns.policy'))!;
    await expect(writeIntentChange(dir, { kind: 'create', intentId: 'x.y', category: 'nowhere', intent: { ...intent, id: 'x.y' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const before = read();
    const written = await writeIntentChange(dir, { kind: 'delete', intentId: 'returns.policy', category: 'returns', intent: null });
    expect(read()).not.toContain('returns.policy');
    await restoreFile(written);
    expect(read()).toBe(before);
    expect((await listCategories(dir)).map((c) => c.category)).toEqual(expect.arrayContaining(['returns', 'orders']));
  });
});

describe('intentDiff', () => {
  test('is a unified diff of the intent\'s YAML: a new intent is all additions, an edit shows the changed line', async () => {
    const intent = (await live('returns.policy'))!;
    const created = intentDiff('returns.policy', null, intent);
    expect(created).toMatch(/^--- a\/returns\.policy/);
    expect(created).toContain('+id: returns.policy');
    expect(created).not.toMatch(/^-[^-]/m);
    const edited = intentDiff('returns.policy', intent, { ...intent, answer: { ...intent.answer, en: 'Sixty days.' } });
    expect(edited).toContain('+  en: Sixty days.');
    const changed = edited.split('\n').filter((l) => /^[-+][^-+]/.test(l));
    expect(changed.filter((l) => l.startsWith('+'))).toEqual(['+  en: Sixty days.']);
    expect(changed.every((l) => !l.includes('return an item'))).toBe(true);
  });
});
