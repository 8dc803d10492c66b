/** The escape character used with every LIKE built by likePattern (`LIKE ? ESCAPE '\'`). */
export const LIKE_ESCAPE = '\\';

/**
 * A LIKE pattern matching `text` as a literal substring: `%`, `_` and the escape character in the
 * user's query match themselves instead of acting as wildcards.
 */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => LIKE_ESCAPE + c)}%`;
}
