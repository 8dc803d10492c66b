/**
 * The grouping key of a bot fallback text for the knowledge-gap report: trimmed, lower-cased and
 * with inner whitespace runs collapsed, so "Where is my order " and "where is  my order" count as one gap.
 * Computed in JS at write time (not in SQL) because SQLite's lower() and MongoDB's $toLower only fold ASCII.
 */
export function gapKey(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}
