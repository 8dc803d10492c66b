/**
 * The blob port: where attachment bytes live (the store keeps only their metadata). Adapters: disk/ (one
 * instance, under DATA_DIR/blobs) and s3/ (any S3-compatible service, for several instances). Whole buffers,
 * not streams: uploads are capped at ATTACHMENT_MAX_BYTES (10 MB by default), so a buffer is simpler and safe.
 */
import { AppError } from '../../shared/errors';

export interface BlobStat {
  size: number;
  contentType: string;
}

export interface BlobStore {
  readonly kind: 'disk' | 's3';
  /** Writes the blob whole or not at all (a reader never sees half a file); overwrites an existing key. */
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The bytes, or null when there is no such key. */
  get(key: string): Promise<Buffer | null>;
  stat(key: string): Promise<BlobStat | null>;
  /** Idempotent: deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

/** Keys are our own ids (plus `.thumb`): anything else could walk out of the folder or the bucket prefix. */
export function assertBlobKey(key: string): void {
  if (!/^[A-Za-z0-9_-]{1,64}(\.[a-z]{1,8})?$/.test(key)) {
    throw new AppError('INVALID_PAYLOAD', { message: `invalid blob key ${JSON.stringify(key.slice(0, 80))}` });
  }
}
