/**
 * Files chosen for the next message: each uploads at once (with progress), and the message is sent with the
 * finished ones. A refused file keeps its reason; a failed upload can be retried or removed.
 */
import { useCallback, useRef, useState } from 'preact/hooks';
import type { AttachmentRef } from '../../shared/cases';
import { precheckFile, type UploadResult } from './upload-file';

export interface PendingUpload {
  key: number;
  name: string;
  /** 0..1 */
  progress: number;
  ref: AttachmentRef | null;
  /** A refusal code (PAYLOAD_TOO_LARGE, UNSUPPORTED_TYPE, HEIC_UNSUPPORTED, RATE_LIMITED…) or NETWORK. */
  error: string | null;
}

export type Upload = (file: Blob, name: string, onProgress: (fraction: number) => void) => Promise<UploadResult>;

export function useUploads(upload: Upload, maxBytes: number) {
  const [items, setItems] = useState<PendingUpload[]>([]);
  const files = useRef(new Map<number, File>());
  const nextKey = useRef(1);
  const patch = (key: number, p: Partial<PendingUpload>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...p } : i)));

  const start = useCallback(
    (key: number, file: File) => {
      const refused = precheckFile(file, maxBytes);
      if (refused) return patch(key, { error: refused });
      patch(key, { error: null, progress: 0 });
      void upload(file, file.name, (progress) => patch(key, { progress })).then((r) =>
        patch(key, r.ok ? { ref: r.ref, progress: 1 } : { error: r.code }),
      );
    },
    [upload, maxBytes],
  );

  return {
    items,
    add(list: ArrayLike<File> | null) {
      for (const file of Array.from(list ?? [])) {
        const key = nextKey.current++;
        files.current.set(key, file);
        setItems((all) => [...all, { key, name: file.name, progress: 0, ref: null, error: null }]);
        start(key, file);
      }
    },
    retry(key: number) {
      const file = files.current.get(key);
      if (file) start(key, file);
    },
    remove(key: number) {
      files.current.delete(key);
      setItems((all) => all.filter((i) => i.key !== key));
    },
    clear() {
      files.current.clear();
      setItems([]);
    },
    /** Uploaded and ready to send. */
    refs: items.flatMap((i) => (i.ref ? [i.ref] : [])),
    isBusy: items.some((i) => !i.ref && !i.error),
  };
}

export type Uploads = ReturnType<typeof useUploads>;
