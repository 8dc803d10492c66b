/**
 * The fields of `patch` named in `keys` whose value is not undefined, for a `$set`: undefined means
 * "leave unchanged" in the port's patches, and only whitelisted fields may ever reach the database.
 */
export function pickDefined<T extends object, K extends keyof T>(patch: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) {
    if (patch[key] !== undefined) out[key] = patch[key];
  }
  return out;
}
