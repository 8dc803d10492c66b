/** A message id made on the client (`[A-Za-z0-9_-]`, 8–64 chars per the schema) so resends are deduplicated. */
export function clientId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID().replace(/-/g, '');
  // Non-secure contexts (plain http shops) lack randomUUID.
  return Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
}
