import { mkdtemp, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { loadKb, loadLexicon, SHIPPED_LEXICON } from '../../../server/bot/load-kb';
import { createTokeniser } from '../../../server/bot/create-tokeniser';

const KB_DIR = path.join(__dirname, '../../fixtures/kb-mini');
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kb-lexicon-'));
  await cp(KB_DIR, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}broken`) });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function lexiconError(file: string): Promise<string> {
  const err: unknown = await loadKb(dir, { lexicon: file }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('KB_INVALID');
  return (err as AppError).message;
}

describe('lexicon loading', () => {
  it('uses the shipped retail lexicon when the KB folder has none', async () => {
    const kb = await loadKb(dir);
    expect(kb.lexicon?.find((c) => c.id === 'invoice')?.en).toContain('receipt');
    expect(kb.intents.map((i) => i.id)).not.toContain('lexicon');
  });

  it('prefers the KB folder\'s own lexicon.yaml and does not read it as a category', async () => {
    await writeFile(path.join(dir, 'lexicon.yaml'), 'concepts:\n  parcel:\n    sense: the package\n    en: [consignment]\n');
    const kb = await loadKb(dir);
    expect(kb.lexicon).toEqual([{ id: 'parcel', sense: 'the package', en: ['consignment'], zh: [] }]);
  });

  it('can run without a lexicon', async () => {
    expect((await loadKb(dir, { lexicon: false })).lexicon).toEqual([]);
  });

  it('validates the shipped lexicon: every phrase belongs to one concept', async () => {
    const concepts = await loadLexicon(path.dirname(SHIPPED_LEXICON), path.basename(SHIPPED_LEXICON));
    expect(concepts.length).toBeGreaterThan(30);
  });

  it('names the file, the concept and the entry in errors', async () => {
    const file = path.join(dir, 'lex.yaml');
    await writeFile(file, 'concepts:\n  invoice:\n    sense: a document\n    en: [receipt]\n  refund:\n    sense: money back\n    en: [refund, Receipt]\n');
    expect(await lexiconError(file)).toMatch(/lex\.yaml: concept "refund": en\.1: "Receipt" is already a phrase of concept "invoice"/);
    await writeFile(file, 'concepts:\n  invoice:\n    en: [receipt]\n');
    expect(await lexiconError(file)).toMatch(/lex\.yaml: concept "invoice": sense: Required/);
    await writeFile(file, 'concepts:\n  Bad-Id:\n    sense: x\n');
    expect(await lexiconError(file)).toMatch(/lex\.yaml: concept "Bad-Id": id: must match/);
    await writeFile(file, 'concepts:\n  x:\n    sense: x\n    zh: ["！"]\n');
    expect(await lexiconError(file)).toMatch(/lex\.yaml: concept "x": zh\.0: "！" has no letters or digits/);
    await writeFile(file, 'words: []\n');
    expect(await lexiconError(file)).toMatch(/lex\.yaml: /);
  });
});

describe('concept matching', () => {
  const lexicon = [
    { id: 'invoice', sense: 'proof of purchase', en: ['receipt', 'proof of purchase'], zh: ['发票', '小票'] },
    { id: 'charge', sense: 'money taken', en: ['charged'], zh: [] },
    { id: 'duplicate', sense: 'charged more than once', en: ['charged twice'], zh: ['扣了两次'] },
    { id: 'cancel', sense: 'call off', en: ['cancel'], zh: ['取消'] },
    { id: 'unsubscribe', sense: 'stop e-mails', en: ['unsubscribe'], zh: ['取消订阅'] },
  ];
  const tokenise = createTokeniser({ lexicon });

  it('adds the concept while keeping the words', () => {
    const t = tokenise('Can I get a receipt?');
    expect(t.concepts).toEqual(['invoice']);
    expect(t.words).toContain('receipt');
  });
  it('matches inflected forms through stems and skips stop words', () => {
    expect(tokenise('I need the receipts').concepts).toEqual(['invoice']);
    expect(tokenise('proof of the purchase please').concepts).toEqual(['invoice']);
    expect(tokenise('proof that I made a purchase').concepts).toEqual([]);
    expect(tokenise('where is my proof of purchase').concepts).toEqual(['invoice']);
  });
  it('lets the longest phrase choose the sense', () => {
    expect(tokenise('you charged me twice').concepts).toEqual(['charge']);
    expect(tokenise('I was charged twice').concepts).toEqual(['duplicate']);
    expect(tokenise('我要取消订阅').concepts).toEqual(['unsubscribe']);
    expect(tokenise('我要取消订单').concepts).toEqual(['cancel']);
  });
  it('matches Chinese anywhere and mixed text in both languages', () => {
    expect(tokenise('能开发票吗').concepts).toEqual(['invoice']);
    expect(tokenise('receipt 扣了两次').concepts).toEqual(['invoice', 'duplicate']);
  });
});
