/**
 * A message id of our own so a resend after a timeout is deduplicated by the server.
 * Uses getRandomValues, not randomUUID: the latter only exists in secure contexts and consoles do run over plain http on LANs.
 */
export function clientId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return 'c' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
