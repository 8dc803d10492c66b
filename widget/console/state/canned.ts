import type { CannedResponse } from '../../../shared/events';

/** The `/shortcut` token being typed: where it starts in the draft and what follows the slash. */
export interface CannedQuery {
  start: number;
  end: number;
  query: string;
}

/**
 * Finds a `/word` token ending at the caret. The slash must open the draft or follow whitespace,
 * so URLs and fractions like "1/2" never open the menu.
 */
export function findCannedQuery(draft: string, caret: number): CannedQuery | null {
  const before = draft.slice(0, caret);
  const match = /(^|\s)\/([^\s/]*)$/.exec(before);
  if (match === null) return null;
  const query = match[2] ?? '';
  return { start: caret - query.length - 1, end: caret, query };
}

/**
 * Canned responses for a query: shortcut prefix matches first, then shortcut substrings,
 * then matches in the text; case-insensitive, at most `limit`.
 */
export function matchCanned(responses: readonly CannedResponse[], query: string, limit = 8): CannedResponse[] {
  const q = query.trim().toLowerCase();
  const ranked: { r: CannedResponse; rank: number }[] = [];
  for (const r of responses) {
    const shortcut = r.shortcut.replace(/^\//, '').toLowerCase();
    let rank = -1;
    if (shortcut.startsWith(q)) rank = 0;
    else if (shortcut.includes(q)) rank = 1;
    else if (q.length > 1 && r.text.toLowerCase().includes(q)) rank = 2;
    if (rank >= 0) ranked.push({ r, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.r.shortcut.localeCompare(b.r.shortcut));
  return ranked.slice(0, limit).map((x) => x.r);
}

/** Values for the canned-response variables. */
export interface CannedVars {
  /** The shopper's name; null for an anonymous shopper. */
  name: string | null;
  agent: string;
}

/**
 * Replaces `{name}` and `{agent}`; unknown braces are left as written. Without a name, `{name}` goes with the
 * space or comma before it ("Hi {name}, …" → "Hi, …"; "{name}您好" → "您好"): never "Hi Visitor".
 */
export function expandCanned(text: string, vars: CannedVars): string {
  const named = vars.name === null ? text.replace(/,?[ \t]*\{name\}(?=[ \t]*[,.!?，。！？]|$)/g, '').replace(/\{name\}[ \t]*/g, '') : text;
  return named.replace(/\{(name|agent)\}/g, (_, key: 'name' | 'agent') => vars[key] ?? '');
}

/** The draft with the `/query` token replaced by the expanded response, and where the caret goes. */
export function insertCanned(
  draft: string,
  query: CannedQuery,
  response: CannedResponse,
  vars: CannedVars,
): { draft: string; caret: number } {
  const text = expandCanned(response.text, vars);
  const next = draft.slice(0, query.start) + text + draft.slice(query.end);
  return { draft: next, caret: query.start + text.length };
}
