import { AppError } from '../../../shared/errors';
import { isDuplicateKey } from './mongo-errors';

/**
 * Runs an upsert, retrying once on a duplicate-key error: two concurrent upserts of a missing document can
 * both try to insert and one then fails with E11000; on retry the document exists and the update applies.
 * (MongoDB retries this itself only for some query shapes.)
 */
export async function upsertRetrying<T>(run: () => PromiseLike<T | null>): Promise<T> {
  let result: T | null;
  try {
    result = await run();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    result = await run();
  }
  if (result === null) throw new AppError('INTERNAL', { message: 'upsert returned no document' });
  return result;
}
