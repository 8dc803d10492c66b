/**
 * Group commit's one-statement writes (no savepoint of their own): a failing statement rejects alone and the
 * group's other writes, before and after it in the same transaction, still commit. On a real SQLite file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { groupCommit } from '../../../server/store/sqlite/group-commit';

let dir: string;
let db: Database.Database;
let statements: string[];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-group-'));
  statements = [];
  db = new Database(path.join(dir, 'g.db'), { verbose: (sql) => statements.push(String(sql)) });
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const values = () => db.prepare<[], { v: string }>('SELECT v FROM t ORDER BY id').all().map((r) => r.v);
const transactionControl = () => statements.filter((s) => /^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/.test(s));

test('a failing one-statement write rejects alone; the writes around it in its group commit, with no savepoints', async () => {
  const group = groupCommit(db);
  const insert = db.prepare<[string]>('INSERT INTO t (v) VALUES (?)');
  statements = [];
  // Same turn, so one group: the duplicate fails between two that succeed.
  const results = await Promise.allSettled([
    group.writeStatement(() => insert.run('a')),
    group.writeStatement(() => insert.run('a')),
    group.writeStatement(() => insert.run('b')),
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
  expect(transactionControl()).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
  expect(db.inTransaction).toBe(false);
  expect(values()).toEqual(['a', 'b']);
});

test('a write of several statements keeps its savepoint: a failure rolls back its first statements too', async () => {
  const group = groupCommit(db);
  const insert = db.prepare<[string]>('INSERT INTO t (v) VALUES (?)');
  const results = await Promise.allSettled([
    group.writeStatement(() => insert.run('a')),
    group.write(() => {
      insert.run('b');
      insert.run('a');
    }),
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
  expect(values()).toEqual(['a']);
});
