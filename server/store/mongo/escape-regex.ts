/** `text` as a RegExp source that matches it literally: user search text never acts as a pattern. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
