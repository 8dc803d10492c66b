/**
 * True for better-sqlite3's error on a UNIQUE or PRIMARY KEY violation. Checked by code, not instanceof:
 * the native addon keeps the error class of the first module context that loaded it (jest makes one per
 * test file), so its errors need not be instances of this context's Error.
 */
export function isUniqueViolation(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
