import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AppError } from '../../../shared/errors';
import { createBot, type Bot } from '../../../server/bot/create-bot';
import type { KnowledgeBase } from '../../../server/bot/kb-schema';
import { loadKb } from '../../../server/bot/load-kb';
import { watchKb } from '../../../server/bot/watch-kb';

const KB_DIR = path.join(__dirname, '../../fixtures/kb-mini');

function next<T>(subscribe: (resolve: (v: T) => void) => void, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for the watcher')), ms);
    subscribe((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

describe('watchKb', () => {
  let dir: string;
  let stop: () => void = () => undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kb-watch-'));
    await cp(KB_DIR, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}broken`) });
  });
  afterEach(async () => {
    stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reloads on change, reports a broken edit, and the caller keeps the last good bot', async () => {
    let bot: Bot = createBot(await loadKb(dir));
    let onReload: (kb: KnowledgeBase) => void = () => undefined;
    let onError: (err: AppError) => void = () => undefined;
    stop = watchKb(dir, {
      debounceMs: 50,
      onReload: (kb) => {
        bot = createBot(kb);
        onReload(kb);
      },
      onError: (err) => onError(err),
    });

    const file = path.join(dir, 'orders.yaml');
    const original = await readFile(file, 'utf8');
    const reloaded = next<KnowledgeBase>((r) => (onReload = r));
    await writeFile(file, original.replace('Follow your order in', 'Track it live in'));
    await reloaded;
    expect(bot.respond('where is my order', { consecutiveFallbacks: 0 }).text).toContain('Track it live in');

    const failed = next<AppError>((r) => (onError = r));
    await writeFile(file, original.replace(/ {6}zh: "请在 \*\*\[我的订单\].*\n/, ''));
    const err = await failed;
    expect(err.code).toBe('KB_INVALID');
    expect(err.message).toContain('orders.yaml: intent "order.track": answer.zh: Required');
    expect(bot.respond('where is my order', { consecutiveFallbacks: 0 }).text).toContain('Track it live in');
  });

  it('stops watching when stopped', async () => {
    let calls = 0;
    stop = watchKb(dir, { debounceMs: 20, onReload: () => calls++, onError: () => calls++ });
    stop();
    await writeFile(path.join(dir, 'orders.yaml'), 'not: valid: yaml: [');
    await new Promise((r) => setTimeout(r, 200));
    expect(calls).toBe(0);
  });
});
