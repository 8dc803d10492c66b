import type { ClientError } from '../../../shared/errors';
import type { Translate } from './translate';

/** What the agent reads when a command fails: the server's message, or ours for failures it never saw. */
export function errorText(error: ClientError, t: Translate): string {
  if (error.code === 'TIMEOUT') return t('error.timeout');
  if (error.code === 'OFFLINE') return t('error.offline');
  if (error.code === 'ALREADY_TAKEN') return t('notice.alreadyTaken');
  // The server's text is English only, and this refusal is one to act on: wait (at most the restart window), then reload.
  if (error.code === 'UNAVAILABLE') return t('error.unavailable');
  return error.message !== '' ? error.message : t('error.generic');
}
