/** One signed POST to the retailer, with a deadline covering the whole exchange and a cap on the answer's size. */

export type PostOutcome =
  | { kind: 'answer'; status: number; body: string }
  | { kind: 'timeout' }
  | { kind: 'network'; message: string }
  | { kind: 'too_large' };

export async function postAction(opts: {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
}): Promise<PostOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  try {
    const res = await fetch(opts.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...opts.headers },
      body: opts.body,
      signal: controller.signal,
      // A redirect would turn the POST into a GET elsewhere: the configured URL must answer itself.
      redirect: 'error',
    });
    const body = await readCapped(res, opts.maxBytes);
    return body === null ? { kind: 'too_large' } : { kind: 'answer', status: res.status, body };
  } catch (err) {
    if (controller.signal.aborted) return { kind: 'timeout' };
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { kind: 'network', message: cause?.code ?? cause?.message ?? (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** The body as text, or null once it passes `maxBytes` (the rest is not read). */
async function readCapped(res: Response, maxBytes: number): Promise<string | null> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
