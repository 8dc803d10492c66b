/**
 * Blobs as files under one folder (DATA_DIR/blobs by default), two levels of fan-out by key prefix so no
 * folder grows huge. A put writes a temporary file, fsyncs it and renames it over the key: rename is atomic
 * on one file system, so a crash leaves the old blob or the new one, never half of either. The content type
 * sits beside the bytes in `<key>.type`, written first (a blob without its type file reads as octet-stream).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { assertBlobKey, type BlobStore } from '../blob-store';

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

async function writeAtomically(file: string, data: Buffer | string): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(temp, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

export function createDiskBlobStore(dir: string): BlobStore {
  const fileOf = (key: string) => {
    assertBlobKey(key);
    return path.join(dir, key.slice(0, 2), key);
  };
  return {
    kind: 'disk',
    async put(key, data, contentType) {
      const file = fileOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeAtomically(`${file}.type`, contentType);
      await writeAtomically(file, data);
    },
    async get(key) {
      try {
        return await fs.readFile(fileOf(key));
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },
    async stat(key) {
      const file = fileOf(key);
      try {
        const { size } = await fs.stat(file);
        const contentType = await fs.readFile(`${file}.type`, 'utf8').catch(() => 'application/octet-stream');
        return { size, contentType };
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },
    async delete(key) {
      const file = fileOf(key);
      await fs.rm(file, { force: true });
      await fs.rm(`${file}.type`, { force: true });
    },
    async close() {},
  };
}
