/**
 * Blobs in an S3-compatible bucket (AWS S3, MinIO, R2, …), so several server instances share them. Requests
 * are signed with aws4fetch (SigV4 over Node's fetch): a few KB instead of the AWS SDK. A PUT of a whole
 * object is atomic in S3, so no temporary key is needed.
 */
import { AwsClient } from 'aws4fetch';
import { assertBlobKey, type BlobStore } from '../blob-store';

export interface S3Settings {
  /** e.g. https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:9000 */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (`endpoint/bucket/key`), which MinIO and most S3-compatible services need; else virtual-hosted. */
  isPathStyle: boolean;
  /** Key prefix inside the bucket, e.g. `parley/`. */
  prefix: string;
}

export function createS3BlobStore(s: S3Settings): BlobStore {
  const client = new AwsClient({ accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, region: s.region, service: 's3' });
  const base = new URL(s.endpoint);
  const urlOf = (key: string): string => {
    assertBlobKey(key);
    const objectKey = encodeURIComponent(`${s.prefix}${key}`).replace(/%2F/g, '/');
    if (s.isPathStyle) return `${base.origin}/${s.bucket}/${objectKey}`;
    return `${base.protocol}//${s.bucket}.${base.host}/${objectKey}`;
  };
  const send = async (key: string, init: RequestInit & { method: string }) => {
    const res = await client.fetch(urlOf(key), init);
    if (res.ok || res.status === 404) return res;
    const detail = (await res.text()).slice(0, 300);
    throw new Error(`S3 ${init.method} ${key}: ${res.status} ${detail}`);
  };
  return {
    kind: 's3',
    async put(key, data, contentType) {
      await send(key, { method: 'PUT', body: new Uint8Array(data), headers: { 'content-type': contentType, 'content-length': String(data.length) } });
    },
    async get(key) {
      const res = await send(key, { method: 'GET' });
      if (res.status === 404) return null;
      return Buffer.from(await res.arrayBuffer());
    },
    async stat(key) {
      const res = await send(key, { method: 'HEAD' });
      if (res.status === 404) return null;
      return { size: Number(res.headers.get('content-length') ?? 0), contentType: res.headers.get('content-type') ?? 'application/octet-stream' };
    },
    async delete(key) {
      // S3 answers 204 for a missing key too.
      await send(key, { method: 'DELETE' });
    },
    async close() {},
  };
}
