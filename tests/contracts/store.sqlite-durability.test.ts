/**
 * An acknowledged message survives the process being killed: the SQLite store resolves an append only
 * after its (group) transaction commits, and WAL with synchronous=NORMAL keeps committed transactions
 * across a process crash. A child appends in batches and reports each resolved append; it is killed with
 * SIGKILL mid-stream, and every append it reported must be in the file.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-kill-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('keeps every acknowledged append after SIGKILL', async () => {
  const file = path.join(dir, 'parley.db');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'store/append-until-killed.ts'), file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acked: string[] = [];
  let conversationId = '';
  let buffer = '';
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the child acked too few appends')), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [kind, value] = line.split(' ');
        if (kind === 'conversation') conversationId = value!;
        if (kind === 'acked') acked.push(value!);
      }
      // Killed mid-stream: appends of later groups are in flight.
      if (acked.length >= 500 && child.exitCode === null && !child.killed) {
        clearTimeout(timer);
        child.kill('SIGKILL');
        resolve();
      }
    });
  });
  expect(await exited).toBe('SIGKILL');

  const store = openSqliteStore(file);
  try {
    const stored = new Set((await store.messages.listSince(conversationId, 0)).map((m) => m.clientId));
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);
    // Seqs stay gapless after the crash: the next append follows the last stored message.
    const last = await store.messages.append({ conversationId, clientId: 'client-after-kill', sender: 'shopper', text: 'after' });
    expect(last.message.seq).toBe(stored.size + 1);
  } finally {
    await store.close();
  }
}, 60_000);
