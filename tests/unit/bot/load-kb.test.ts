import { mkdtemp, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { loadKb } from '../../../server/bot/load-kb';

const KB_DIR = path.join(__dirname, '../../fixtures/kb-mini');
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kb-'));
  await cp(KB_DIR, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}broken`) });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function kbError(kbDir: string): Promise<AppError> {
  const err: unknown = await loadKb(kbDir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('KB_INVALID');
  return err as AppError;
}

describe('loadKb', () => {
  it('loads every category with its department, and settings with defaults', async () => {
    const kb = await loadKb(KB_DIR);
    expect(kb.name).toBe('kb-mini');
    expect(kb.intents.map((i) => i.id).sort()).toEqual(['complaint', 'greeting', 'human.agent', 'order.cancel', 'order.track', 'refund.status', 'returns.policy', 'thanks']);
    const track = kb.intents.find((i) => i.id === 'order.track');
    expect(track).toMatchObject({ category: 'orders', department: 'orders', priority: 'normal', handoff: false, followups: ['order.cancel'] });
    expect(kb.intents.find((i) => i.id === 'complaint')).toMatchObject({ handoff: true, priority: 'high' });
    expect(kb.settings.synonyms.en).toEqual({ parcel: 'package', shipment: 'package' });
  });

  it('applies defaults when settings.yaml is missing', async () => {
    await rm(path.join(dir, 'settings.yaml'));
    const kb = await loadKb(dir);
    expect(kb.settings.answerThreshold).toBeUndefined();
    expect(kb.settings).toMatchObject({ clarifyThreshold: 0.3, maxFallbacks: 2, sentimentThreshold: -0.5 });
    expect(kb.settings.texts.clarify.zh).toBe('您是想问以下哪个问题？');
  });

  it('names the file, the intent and the field of a broken KB file', async () => {
    const err = await kbError(path.join(KB_DIR, 'broken'));
    expect(err.message).toBe(`${path.join(KB_DIR, 'broken', 'returns.yaml')}: intent "refund.status": answer.zh: Required`);
  });

  it('names the index when the intent has no id', async () => {
    await writeFile(path.join(dir, 'extra.yaml'), 'category: extra\ndepartment: general\nintents:\n  - title: { en: a, zh: b }\n');
    expect((await kbError(dir)).message).toMatch(/extra\.yaml: intents\.0: id: Required$/);
  });

  it('reports YAML syntax errors with the line', async () => {
    await writeFile(path.join(dir, 'bad.yaml'), 'category: bad\ndepartment: general\nintents:\n  - id: x\n    title: { en: "a", zh: "b"\n');
    expect((await kbError(dir)).message).toMatch(/bad\.yaml: line \d+: invalid YAML/);
  });

  it('rejects duplicate ids across files, naming both', async () => {
    await writeFile(
      path.join(dir, 'zz-dup.yaml'),
      [
        'category: dup',
        'department: general',
        'intents:',
        '  - id: order.track',
        '    title: { en: "Track", zh: "查" }',
        '    utterances: { en: ["track"], zh: ["查"] }',
        '    answer: { en: "a", zh: "b" }',
      ].join('\n'),
    );
    expect((await kbError(dir)).message).toBe(`${path.join(dir, 'zz-dup.yaml')}: intent "order.track": id: duplicate id (also in orders.yaml)`);
  });

  it('rejects followups that name unknown intents', async () => {
    await writeFile(
      path.join(dir, 'zz-follow.yaml'),
      [
        'category: follow',
        'department: general',
        'intents:',
        '  - id: follow.me',
        '    title: { en: "Follow", zh: "跟" }',
        '    utterances: { en: ["follow"], zh: ["跟"] }',
        '    answer: { en: "a", zh: "b" }',
        '    followups: [order.track, no.such]',
      ].join('\n'),
    );
    expect((await kbError(dir)).message).toBe(`${path.join(dir, 'zz-follow.yaml')}: intent "follow.me": followups.1: unknown intent "no.such"`);
  });

  it('rejects unsafe links and bad settings', async () => {
    await writeFile(
      path.join(dir, 'zz-link.yaml'),
      [
        'category: link',
        'department: general',
        'intents:',
        '  - id: link.bad',
        '    title: { en: "Link", zh: "链接" }',
        '    utterances: { en: ["link"], zh: ["链接"] }',
        '    answer: { en: "a", zh: "b" }',
        '    quickReplies: [{ label: { en: "x", zh: "y" }, url: "javascript:alert(1)" }]',
      ].join('\n'),
    );
    expect((await kbError(dir)).message).toMatch(/zz-link\.yaml: intent "link\.bad": quickReplies\.0\.url: /);
    await writeFile(
      path.join(dir, 'zz-link.yaml'),
      [
        'category: link',
        'department: general',
        'intents:',
        '  - id: link.bad',
        '    title: { en: "Link", zh: "链接" }',
        '    utterances: { en: ["link"], zh: ["链接"] }',
        '    answer: { en: "see [here](https://shop.example)", zh: "点[这里](javascript:alert(1))" }',
      ].join('\n'),
    );
    expect((await kbError(dir)).message).toMatch(/zz-link\.yaml: intent "link\.bad": answer\.zh: links must start with/);
    await rm(path.join(dir, 'zz-link.yaml'));
    await writeFile(path.join(dir, 'settings.yaml'), 'answerThreshold: 2\n');
    expect((await kbError(dir)).message).toMatch(/settings\.yaml: answerThreshold: /);
  });

  it('fails clearly on a missing folder', async () => {
    expect((await kbError(path.join(dir, 'nope'))).message).toMatch(/nope: cannot read KB folder/);
  });
});
