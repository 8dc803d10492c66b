/**
 * The blob contract against both adapters: disk in a temp folder, and S3 against s3rver (a fake S3 server
 * from npm, on loopback) through the real S3 adapter's signed HTTP requests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { createDiskBlobStore } from '../../server/blobs/disk/disk-blob-store';
import { createS3BlobStore } from '../../server/blobs/s3/s3-blob-store';
import { describeBlobContract } from './blobs.contract';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-blobs-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describeBlobContract('disk', async () => createDiskBlobStore(path.join(dir, 'disk')));

describe('disk adapter', () => {
  it('leaves no temporary files behind and keeps blobs private to the server user', async () => {
    const root = path.join(dir, 'atomic');
    const blobs = createDiskBlobStore(root);
    await blobs.put('abcdef', Buffer.from('x'), 'image/png');
    const files = fs.readdirSync(path.join(root, 'ab'));
    expect(files.sort()).toEqual(['abcdef', 'abcdef.type']);
    expect(fs.statSync(path.join(root, 'ab', 'abcdef')).mode & 0o077).toBe(0);
  });
});

let s3: S3rver | null = null;
describeBlobContract('s3 (s3rver)', async () => {
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: path.join(dir, 's3'), configureBuckets: [{ name: 'parley-test', configs: [] }] });
  const { port } = await s3.run();
  const store = createS3BlobStore({
    endpoint: `http://127.0.0.1:${port}`,
    bucket: 'parley-test',
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    isPathStyle: true,
    prefix: 'blobs/',
  });
  return { ...store, close: async () => void (await s3?.close()) };
});
