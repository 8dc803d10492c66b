import type { ClientError } from '../../../shared/errors';
import type { MessageKey } from './en';

/** The catalogue text for a failed command: the two failures the server never saw, or the generic one. */
export function errorKey(error: ClientError): MessageKey {
  return error.code === 'TIMEOUT' ? 'error.timeout' : error.code === 'OFFLINE' ? 'error.offline' : 'error';
}
