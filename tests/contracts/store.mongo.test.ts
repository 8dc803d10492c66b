import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { createMongoStore } from '../../server/store/mongo/mongo-store';
import { describeStoreContract } from './store.contract';

const uri = process.env.MONGODB_URI;

/**
 * `base` pointed at database `name`, keeping hosts, credentials and options. With credentials, the
 * database they authenticate against stays the original one (or admin) unless the URI names authSource.
 */
function withDatabase(base: string, name: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/([^/?]*))(?:\/([^?]*))?(?:\?(.*))?$/.exec(base);
  if (!match) throw new Error('MONGODB_URI is not a mongodb:// or mongodb+srv:// URI');
  const [, prefix, authority = '', originalDb = '', query = ''] = match;
  const params = new URLSearchParams(query);
  if (authority.includes('@') && !params.has('authSource')) params.set('authSource', originalDb || 'admin');
  const options = params.toString();
  return `${prefix}/${name}${options ? `?${options}` : ''}`;
}

(uri ? describe : describe.skip)('MongoDB adapter', () => {
  const dbUri = withDatabase(uri ?? 'mongodb://localhost', `parley_contract_${randomUUID().replace(/-/g, '')}`);

  afterAll(async () => {
    const conn = await mongoose.createConnection(dbUri).asPromise();
    await conn.dropDatabase();
    await conn.close();
  });

  describeStoreContract('mongo', async () => createMongoStore(dbUri));

  it('does not connect until first used, and closes idempotently without ever connecting', async () => {
    const store = createMongoStore(dbUri);
    await store.close();
    await store.close();
    await expect(store.getSetting('x')).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
