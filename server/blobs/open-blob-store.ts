/** The one place that picks the blob adapter from configuration. */
import path from 'node:path';
import type { Config } from '../config';
import type { BlobStore } from './blob-store';
import { createDiskBlobStore } from './disk/disk-blob-store';
import { createS3BlobStore } from './s3/s3-blob-store';

export function openBlobStore(config: Pick<Config, 'blobs' | 'dataDir'>): BlobStore {
  const b = config.blobs;
  if (b.kind === 's3') return createS3BlobStore(b.s3);
  return createDiskBlobStore(b.dir ?? path.join(config.dataDir, 'blobs'));
}
