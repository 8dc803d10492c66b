/**
 * The composer's files, in the parts chunk: the chat loads it when the shopper first picks a file. It owns the
 * uploads and tells the composer (which stays in the chat chunk) what is ready to send and whether it must wait.
 */
import type { VNode } from 'preact';
import { useCallback, useContext, useEffect } from 'preact/hooks';
import { PendingUploads } from '../../../ui/pending-uploads';
import { uploadFile } from '../../../ui/upload-file';
import { useUploads, type Uploads } from '../../../ui/use-uploads';
import { ChatContext } from '../../chat-context';

export interface ComposerUploadsProps {
  maxBytes: number;
  /** Files picked and not yet taken: taken (emptied) after every render, so a pick made while loading is kept. */
  picked: File[];
  /** The uploads after every change; the composer sends `refs`, waits while `isBusy`, calls `clear` once sent. */
  onChange(uploads: Uploads): void;
}

export function ComposerUploads({ maxBytes, picked, onChange }: ComposerUploadsProps): VNode | null {
  const { t, transport } = useContext(ChatContext);
  const upload = useCallback((file: Blob, name: string, onProgress: (f: number) => void) => uploadFile(transport.files, file, name, onProgress), [transport]);
  const uploads = useUploads(upload, maxBytes);
  useEffect(() => {
    if (picked.length > 0) uploads.add(picked.splice(0));
  });
  useEffect(() => onChange(uploads), [uploads.items]);
  return <PendingUploads uploads={uploads} t={t} maxMb={Math.round((maxBytes / (1024 * 1024)) * 10) / 10} />;
}

/** Its CSS: the pending list under the composer and the files on messages with their lightbox (attachments-view). */
export const FILES_STYLES = `
.atts{display:flex;flex-wrap:wrap;gap:6px;margin:4px 0;max-width:80%}
.att{padding:0;border:1px solid #d0d5dd;border-radius:10px;background:#fff;overflow:hidden}
.att img,.att-ph{display:block;max-width:160px;max-height:160px;min-width:48px;min-height:48px}
.file{padding:8px 10px;font-size:14px;color:#0b57d0}
.lightbox{position:absolute;inset:0;z-index:2;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:12px;background:#000d}
.lightbox img{max-width:94%;max-height:80%}
.lb-close{padding:8px 16px;border:0;border-radius:8px;background:#fff}
.ups{margin:0;padding:6px 12px 0;list-style:none;font-size:13px}
.up{display:flex;gap:8px;align-items:center}
.up-name{flex:0 1 auto;max-width:40%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.up>span:nth-child(2){flex:1}
.up.err{color:#b3261e}
.up button{border:0;background:none;color:#0b57d0;text-decoration:underline;padding:0}
.up .up-x{text-decoration:none;font-size:18px;color:#595959}
`;
