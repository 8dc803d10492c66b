/**
 * The files waiting to go with the next message: progress while uploading, the reason when refused, "Upload
 * failed — retry" when the network gave up. Both apps use it.
 */
import type { VNode } from 'preact';
import type { Uploads } from './use-uploads';

export type UploadTextKey =
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
