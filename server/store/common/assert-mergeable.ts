import type { Case } from '../../../shared/cases';
import { AppError } from '../../../shared/errors';

/**
 * The merges both adapters refuse: a case into itself, into a closed case, or a case already closed.
 * @throws AppError('INVALID_STATE')
 */
export function assertMergeable(duplicate: Case, primary: Case): void {
  if (duplicate.id === primary.id) throw new AppError('INVALID_STATE', { message: 'a case cannot be merged into itself' });
  if (primary.status === 'closed') {
    throw new AppError('INVALID_STATE', { message: `case ${primary.number} is closed: merge into an open case` });
  }
  if (duplicate.status === 'closed') throw new AppError('INVALID_STATE', { message: `case ${duplicate.number} is already closed` });
}
