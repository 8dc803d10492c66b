/**
 * Lone UTF-16 surrogates (half of an emoji, say) cannot be stored as UTF-8: SQLite and MongoDB silently
 * change them, so what was stored would differ from what was acknowledged. The edges replace each with
 * U+FFFD before validation, the same thing `String.prototype.toWellFormed` does.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function toWellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

const HAS_LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether every string in the value (keys too, to the same depth cap) is already well-formed. */
function isWellFormedDeep(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return !HAS_LONE_SURROGATE.test(value);
  if (value === null || typeof value !== 'object' || depth > 32) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isWellFormedDeep(value[i], depth + 1)) return false;
    return true;
  }
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    if (HAS_LONE_SURROGATE.test(k) || !isWellFormedDeep((value as Record<string, unknown>)[k], depth + 1)) return false;
  }
  return true;
}

/**
 * Every string in a JSON-like value made well-formed (keys too); other values unchanged. Depth-capped.
 * A value that is well-formed already (nearly every one) comes back as it is: the schema that validates it
 * next makes its own copy, and copying every command's payload here too was garbage for nothing.
 */
export function wellFormedDeep(value: unknown, depth = 0): unknown {
  return isWellFormedDeep(value, depth) ? value : copyWellFormed(value, depth);
}

function copyWellFormed(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return toWellFormed(value);
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => copyWellFormed(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[toWellFormed(k)] = copyWellFormed(v, depth + 1);
  return out;
}
