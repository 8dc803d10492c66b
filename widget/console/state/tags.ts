/** Server limits for tags (shared/schemas tagsSetSchema). */
export const TAG_LIMITS = { count: 20, chars: 32 } as const;

/**
 * Adds tags typed by the agent (comma-separated allowed) to the current list: trimmed, lower-cased
 * so "VIP" and "vip" are one tag, deduplicated, clipped to the server's limits.
 */
export function addTags(current: readonly string[], input: string): string[] {
  const next = [...current];
  for (const raw of input.split(',')) {
    const tag = raw.trim().toLowerCase().slice(0, TAG_LIMITS.chars);
    if (tag !== '' && !next.includes(tag)) next.push(tag);
  }
  return next.slice(0, TAG_LIMITS.count);
}

/** The list without one tag. */
export function removeTag(current: readonly string[], tag: string): string[] {
  return current.filter((t) => t !== tag);
}
