/**
 * The paperclip that opens the file picker, and the files waiting to go with the next message: progress while
 * uploading, the reason when refused, "Upload failed — retry" when the network gave up. Both apps use it.
 */
import type { Ref, VNode } from 'preact';
import { ACCEPT_ATTRIBUTE } from './upload-file';
import type { Uploads } from './use-uploads';

export type UploadTextKey =
  | 'attach.label'
  | 'attach.uploading'
  | 'attach.failed'
  | 'attach.tooBig'
  | 'attach.wrongType'
  | 'attach.heic'
  | 'attach.rateLimited'
  | 'attach.remove'
  | 'retry';
export type UploadText = (key: UploadTextKey, vars?: Record<string, string | number>) => string;

const REASONS: Record<string, UploadTextKey> = {
  PAYLOAD_TOO_LARGE: 'attach.tooBig',
  UNSUPPORTED_TYPE: 'attach.wrongType',
  HEIC_UNSUPPORTED: 'attach.heic',
  RATE_LIMITED: 'attach.rateLimited',
};

export function AttachButton({ uploads, t, inputRef, class: cls }: { uploads: Uploads; t: UploadText; inputRef: Ref<HTMLInputElement>; class?: string }): VNode {
  return (
    <>
      <input ref={inputRef} type="file" accept={ACCEPT_ATTRIBUTE} multiple hidden onChange={(e) => {
        uploads.add(e.currentTarget.files);
        e.currentTarget.value = '';
      }} />
      <button
        type="button"
        class={cls ?? 'attach'}
        aria-label={t('attach.label')}
        title={t('attach.label')}
        onClick={() => (inputRef as { current: HTMLInputElement | null }).current?.click()}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M16.5 6.5 8.9 14.1a1.5 1.5 0 0 0 2.1 2.1l7.6-7.6a3 3 0 0 0-4.2-4.2L6.8 12a4.5 4.5 0 0 0 6.4 6.4l6.3-6.3" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
        </svg>
      </button>
    </>
  );
}

export function PendingUploads({ uploads, t, maxMb }: { uploads: Uploads; t: UploadText; maxMb: number }): VNode | null {
  if (uploads.items.length === 0) return null;
  return (
    <ul class="ups">
      {uploads.items.map((i) => (
        <li key={i.key} class={i.error ? 'up err' : 'up'}>
          <span class="up-name">{i.name}</span>
          {i.error === 'NETWORK' ? (
            <span role="alert">
              {t('attach.failed')}{' '}
              <button type="button" onClick={() => uploads.retry(i.key)}>
                {t('retry')}
              </button>
            </span>
          ) : i.error ? (
            <span role="alert">{t(REASONS[i.error] ?? 'attach.wrongType', { n: maxMb })}</span>
          ) : i.ref ? (
            <span>✓</span>
          ) : (
            <span role="status">{t('attach.uploading', { n: Math.round(i.progress * 100) })}</span>
          )}
          <button type="button" class="up-x" aria-label={t('attach.remove')} onClick={() => uploads.remove(i.key)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
