import type { Models } from './models';
import { upsertRetrying } from './upsert-retrying';

/** The next value of the named counter (1 first): one atomic `$inc` upsert, unique across server instances. */
export async function nextCounter(m: Models, name: string): Promise<number> {
  const doc = await upsertRetrying(() =>
    m.counters
      .findOneAndUpdate({ _id: name }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' })
      .lean<{ value: number }>(),
  );
  return doc.value;
}
