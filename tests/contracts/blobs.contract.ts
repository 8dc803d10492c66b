/** The blob port's contract: every adapter's test calls describeBlobContract with a factory for it. */
import { randomUUID } from 'node:crypto';
import type { BlobStore } from '../../server/blobs/blob-store';

const key = () => randomUUID().replace(/-/g, '');

export function describeBlobContract(name: string, open: () => Promise<BlobStore>): void {
  describe(`Blob contract: ${name}`, () => {
    let blobs: BlobStore;
    beforeAll(async () => {
      blobs = await open();
    });
    afterAll(async () => {
      await blobs?.close();
    });

    it('puts, gets and stats a blob', async () => {
      const k = key();
      const data = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01, 0x02]);
      await blobs.put(k, data, 'image/jpeg');
      expect(await blobs.get(k)).toEqual(data);
      expect(await blobs.stat(k)).toEqual({ size: data.length, contentType: 'image/jpeg' });
    });

    it('answers null for a missing key', async () => {
      expect(await blobs.get(key())).toBeNull();
      expect(await blobs.stat(key())).toBeNull();
    });

    it('overwrites a key whole', async () => {
      const k = key();
      await blobs.put(k, Buffer.alloc(5000, 1), 'application/pdf');
      await blobs.put(k, Buffer.from('short'), 'application/pdf');
      expect((await blobs.get(k))?.toString()).toBe('short');
    });

    it('keeps a thumbnail key beside its blob, and deletes idempotently', async () => {
      const k = key();
      await blobs.put(k, Buffer.from('full'), 'image/png');
      await blobs.put(`${k}.thumb`, Buffer.from('small'), 'image/webp');
      await blobs.delete(k);
      expect(await blobs.get(k)).toBeNull();
      expect((await blobs.get(`${k}.thumb`))?.toString()).toBe('small');
      await blobs.delete(`${k}.thumb`);
      await expect(blobs.delete(`${k}.thumb`)).resolves.toBeUndefined();
      await expect(blobs.delete(key())).resolves.toBeUndefined();
    });

    it('holds a 10 MB blob', async () => {
      const k = key();
      const data = Buffer.alloc(10 * 1024 * 1024, 7);
      await blobs.put(k, data, 'application/pdf');
      const back = await blobs.get(k);
      expect(back?.length).toBe(data.length);
      expect(back?.equals(data)).toBe(true);
      await blobs.delete(k);
    });

    it('refuses keys that could leave its folder or prefix', async () => {
      for (const bad of ['../etc/passwd', 'a/b', '', '..', 'x'.repeat(100), 'a b']) {
        await expect(blobs.put(bad, Buffer.from('x'), 'text/plain')).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
        await expect(blobs.get(bad)).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
      }
    });
  });
}
