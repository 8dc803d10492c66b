/**
 * Lone UTF-16 surrogates (half of an emoji, say) cannot be stored as UTF-8: SQLite and MongoDB silently
 * change them, so what was stored would differ from what was acknowledged. The edges replace each with
 * U+FFFD before validation, the same thing `String.prototype.toWellFormed` does.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function toWellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** Every string in a JSON-like value made well-formed (keys too); other values unchanged. Depth-capped. */
export function wellFormedDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return toWellFormed(value);
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => wellFormedDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[toWellFormed(k)] = wellFormedDeep(v, depth + 1);
  return out;
}
