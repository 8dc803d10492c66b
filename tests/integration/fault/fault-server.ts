/**
 * The server process the fault test kills: main.ts's wiring (config → threaded SQLite store → KB → createApp → listen)
 * without the browser bundles, on the SQLite file and port given in the environment.
 */
import path from 'node:path';
import pino from 'pino';
import { createApp } from '../../../server/app';
import { loadConfig } from '../../../server/config';
import { openIntegrations } from '../../../server/integrations/open-integrations';
import { createKbHolder } from '../../../server/kb-holder';
import { createDiskBlobStore } from '../../../server/blobs/disk/disk-blob-store';
import { openThreadedSqliteStore } from '../../../server/store/sqlite/threaded-store';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // As the server opens it (history reports on a worker thread).
  const store = await openThreadedSqliteStore(process.env.FAULT_DB_FILE!);
  const logger = pino({ level: 'silent' });
  const kb = await createKbHolder(process.env.FAULT_KB_DIR!, logger);
  const root = path.resolve(__dirname, '../../..');
  const app = createApp({
    config, store, kb, logger, blobs: createDiskBlobStore(path.join(path.dirname(process.env.FAULT_DB_FILE!), 'blobs')), secret: process.env.FAULT_SECRET!, distDir: path.join(root, 'dist'),
    demoDir: path.join(root, 'widget/demo'), cannedResponses: [], integrations: openIntegrations(config.integrations, { logger }),
  });
  await new Promise<void>((resolve) => app.http.listen(config.port, '127.0.0.1', resolve));
  process.stdout.write('listening\n');
}

void main();
