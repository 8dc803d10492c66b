/**
 * True for MongoDB's duplicate-key error (E11000); with `field`, only when that field is part of the
 * violated index, so a clash on (conversationId, clientId) is told apart from one on (conversationId, seq).
 */
export function isDuplicateKey(err: unknown, field?: string): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err) || err.code !== 11000) return false;
  if (field === undefined) return true;
  const keyPattern = 'keyPattern' in err ? err.keyPattern : undefined;
  if (typeof keyPattern === 'object' && keyPattern !== null) return field in keyPattern;
  // Older servers omit keyPattern; the index name is in the message.
  return 'message' in err && typeof err.message === 'string' && err.message.includes(field);
}
