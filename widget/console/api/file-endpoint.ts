/** Where the console uploads and fetches attachments: this server, with the signed-in agent's bearer token. */
import type { FileEndpoint } from '../../ui/upload-file';
import { loadSession } from './session-token';

export const consoleFiles: FileEndpoint = {
  base: '',
  headers: () => ({ authorization: `Bearer ${loadSession()?.token ?? ''}` }),
};
