/**
 * The files on a message, as both apps show them: image thumbnails (fetched with the caller's credentials, so
 * shown from data: URLs) that open full size in a lightbox, and PDFs as a chip that downloads the file.
 */
import type { VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { AttachmentRef } from '../../shared/cases';
import { fetchFile, type FileEndpoint } from './upload-file';

/** Texts the host app's catalogue provides. */
export type AttachmentText = (key: 'attach.open' | 'attach.close', vars?: Record<string, string | number>) => string;

const isImage = (ref: AttachmentRef) => ref.contentType.startsWith('image/');

/**
 * The file as a data: URL. Not a blob: URL, because shops' Content-Security-Policy commonly allows `data:`
 * images (and our own origin) but not `blob:`; a thumbnail is a few KB, a full photo a few MB: both fine.
 */
function useDataUrl(endpoint: FileEndpoint, blobId: string, variant: 'full' | 'thumb'): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let isLive = true;
    void fetchFile(endpoint, blobId, variant).then((blob) => {
      if (!blob || !isLive) return;
      const reader = new FileReader();
      reader.onload = () => isLive && setUrl(String(reader.result));
      reader.readAsDataURL(blob);
    });
    return () => {
      isLive = false;
    };
  }, [endpoint, blobId, variant]);
  return url;
}

function Thumb({ file, endpoint, t, onOpen }: { file: AttachmentRef; endpoint: FileEndpoint; t: AttachmentText; onOpen(): void }): VNode {
  const url = useDataUrl(endpoint, file.blobId, 'thumb');
  return (
    <button type="button" class="att" aria-label={t('attach.open', { name: file.name })} onClick={onOpen}>
      {url ? <img src={url} alt={file.name} /> : <span class="att-ph" aria-hidden="true" />}
    </button>
  );
}

async function download(endpoint: FileEndpoint, file: AttachmentRef): Promise<void> {
  const blob = await fetchFile(endpoint, file.blobId, 'full');
  if (!blob) return;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.rel = 'noopener';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

function Lightbox({ file, endpoint, t, onClose }: { file: AttachmentRef; endpoint: FileEndpoint; t: AttachmentText; onClose(): void }): VNode {
  const url = useDataUrl(endpoint, file.blobId, 'full');
  return (
    <div class="lightbox" role="dialog" aria-modal="true" aria-label={file.name} onClick={onClose} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      {url && <img src={url} alt={file.name} />}
      <button type="button" class="lb-close" onClick={onClose}>
        {t('attach.close')}
      </button>
    </div>
  );
}

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

export function AttachmentsView({ files, endpoint, t }: { files: readonly AttachmentRef[]; endpoint: FileEndpoint; t: AttachmentText }): VNode | null {
  const [open, setOpen] = useState<AttachmentRef | null>(null);
  if (files.length === 0) return null;
  return (
    <div class="atts">
      {files.map((f) =>
        isImage(f) ? (
          <Thumb key={f.blobId} file={f} endpoint={endpoint} t={t} onOpen={() => setOpen(f)} />
        ) : (
          <button key={f.blobId} type="button" class="att file" onClick={() => void download(endpoint, f)}>
            {`📄 ${f.name} · ${sizeText(f.size)}`}
          </button>
        ),
      )}
      {open && <Lightbox file={open} endpoint={endpoint} t={t} onClose={() => setOpen(null)} />}
    </div>
  );
}
