/**
 * Uploading and fetching attachments from a browser, for the widget and the console alike. An upload is one
 * XHR (fetch reports no upload progress) of the raw file; a network failure or a 5xx is retried a few times
 * with a growing pause, since phones drop connections mid-upload; a refusal (too big, wrong type) is final.
 */
import type { AttachmentRef } from '../../shared/cases';
import { ACCEPTED_TYPES } from './accepted-types';

/** Where files go and how to prove who is asking (visitor token + site, or the agent's bearer token). */
export interface FileEndpoint {
  base: string;
  headers(): Record<string, string>;
}

/** The server's refusal codes, `NETWORK` when every try failed to get an answer. */
export type UploadResult = { ok: true; ref: AttachmentRef } | { ok: false; code: string };

/** Refuses at once what the server would refuse anyway; the server still checks the content itself. */
export function precheckFile(file: Blob, maxBytes: number): string | null {
  if (file.size > maxBytes) return 'PAYLOAD_TOO_LARGE';
  if (/hei[cf]/i.test(file.type)) return 'HEIC_UNSUPPORTED';
  if (file.type !== '' && !ACCEPTED_TYPES.includes(file.type)) return 'UNSUPPORTED_TYPE';
  return null;
}

function sendOnce(endpoint: FileEndpoint, file: Blob, name: string, onProgress: (fraction: number) => void): Promise<UploadResult | null> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${endpoint.base}/api/attachments?name=${encodeURIComponent(name)}`);
    for (const [k, v] of Object.entries(endpoint.headers())) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.timeout = 120_000;
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: { attachment?: AttachmentRef; error?: { code?: string } } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // A proxy's HTML error page: treated by status below.
      }
      if (xhr.status === 201 && body.attachment) resolve({ ok: true, ref: body.attachment });
      else if (xhr.status >= 500) resolve(null);
      else resolve({ ok: false, code: body.error?.code ?? (xhr.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INVALID_PAYLOAD') });
    };
    xhr.onerror = xhr.ontimeout = () => resolve(null);
    xhr.send(file);
  });
}

/** Uploads with up to `tries` attempts; progress is 0..1 of the current attempt. */
export async function uploadFile(
  endpoint: FileEndpoint,
  file: Blob,
  name: string,
  onProgress: (fraction: number) => void,
  tries = 3,
): Promise<UploadResult> {
  for (let attempt = 1; ; attempt++) {
    const result = await sendOnce(endpoint, file, name, onProgress);
    if (result) return result;
    if (attempt >= tries) return { ok: false, code: 'NETWORK' };
    await new Promise((r) => setTimeout(r, 1000 * attempt));
  }
}

/** The file (or its thumbnail) as a blob, or null when it cannot be had (gone, not allowed, offline). */
export async function fetchFile(endpoint: FileEndpoint, blobId: string, variant: 'full' | 'thumb'): Promise<Blob | null> {
  try {
    const res = await fetch(`${endpoint.base}/api/attachments/${encodeURIComponent(blobId)}${variant === 'thumb' ? '/thumb' : ''}`, {
      headers: endpoint.headers(),
    });
    return res.ok ? await res.blob() : null;
  } catch {
    return null;
  }
}
