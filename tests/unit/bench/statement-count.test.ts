/**
 * The bench's SQL figures (scripts/bench/server-stats.ts): statements that touch rows are counted, transaction
 * control is not, and each COMMIT is, on a real SQLite store through its onStatement hook.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countStatements, sqlPerMessage } from '../../../scripts/bench/server-stats';
import { openSqliteStore } from '../../../server/store/sqlite/sqlite-store';

test('a message appended on its own: its statements and one commit, no BEGIN or savepoint', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-count-'));
  const sql = countStatements();
  const seen: string[] = [];
  const store = openSqliteStore(path.join(dir, 'parley.db'), {
    onStatement: (text) => {
      seen.push(text);
      sql.onStatement(text);
    },
  });
  try {
    const visitor = await store.visitors.create({ siteId: 'demo', locale: 'en', tokenHash: 'h' });
    const conversation = await store.conversations.create({ siteId: 'demo', visitorId: visitor.id, locale: 'en', pageUrl: null });
    sql.take();
    seen.length = 0;
    await store.messages.append({ conversationId: conversation.id, clientId: 'c1', sender: 'shopper', text: 'hello', attachments: [] });
    // Whatever the append runs: its INSERT counts, the group's BEGIN and COMMIT do not, the COMMIT is one.
    const control = seen.filter((s) => /^(BEGIN|COMMIT|SAVEPOINT|RELEASE|ROLLBACK)\b/i.test(s.trim()));
    expect(seen.some((s) => /^INSERT INTO messages/i.test(s.trim()))).toBe(true);
    expect(control.filter((s) => /^BEGIN/i.test(s.trim()))).toHaveLength(1);
    expect(sql.take()).toEqual({ statements: seen.length - control.length, commits: 1 });
    // A window with nothing run counts nothing.
    expect(sql.take()).toEqual({ statements: 0, commits: 0 });
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('per message: rounded to two decimals, and no division by zero', () => {
  expect(sqlPerMessage({ statements: 1000, commits: 333 }, 300)).toEqual({ statements: 3.33, commits: 1.11 });
  expect(sqlPerMessage({ statements: 5, commits: 1 }, 0)).toEqual({ statements: 5, commits: 1 });
});
