import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { createMongoStore } from '../../../server/store/mongo/mongo-store';
import { openStore, redactUri } from '../../../server/store/open-store';

// Nothing listens on port 9 here: the driver gives up after the URI's short server-selection timeout.
const UNREACHABLE = 'mongodb://127.0.0.1:9/parley?serverSelectionTimeoutMS=300';

describe('openStore', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-open-store-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('opens SQLite at <dataDir>/parley.db when no MongoDB URI is set', async () => {
    const dataDir = path.join(dir, 'data');
    for (const mongodbUri of [undefined, null, '']) {
      const store = await openStore({ dataDir, mongodbUri });
      expect(store.kind).toBe('sqlite');
      await store.close();
    }
    expect(fs.existsSync(path.join(dataDir, 'parley.db'))).toBe(true);
  });

  it('fails startup with a clear error when MongoDB cannot be reached', async () => {
    const attempt = openStore({ dataDir: dir, mongodbUri: UNREACHABLE });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(openStore({ dataDir: dir, mongodbUri: UNREACHABLE })).rejects.toThrow(/cannot connect to MongoDB/);
  });

  it('masks the password in logged URIs', () => {
    expect(redactUri('mongodb://parley:s3cret@db1:27017,db2:27017/parley?replicaSet=rs0')).toBe(
      'mongodb://parley:***@db1:27017,db2:27017/parley?replicaSet=rs0',
    );
    expect(redactUri('mongodb+srv://cluster.example.net/parley')).toBe('mongodb+srv://cluster.example.net/parley');
  });
});

describe('createMongoStore', () => {
  it('does not connect until used, closes idempotently, and refuses work once closed', async () => {
    const store = createMongoStore(UNREACHABLE);
    expect(store.kind).toBe('mongo');
    await store.close();
    await store.close();
    await expect(store.getSetting('x')).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/closed/) });
  });

  it('reports a connection failure as an AppError and tries again on the next call', async () => {
    const store = createMongoStore(UNREACHABLE);
    await expect(store.visitors.get('v')).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(store.agents.count()).rejects.toThrow(/cannot connect to MongoDB/);
    await store.close();
  });
});
