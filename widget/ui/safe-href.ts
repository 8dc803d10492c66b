/**
 * http(s), mailto and site-relative paths (`/orders`, the shop's own pages, as the KB allows) only;
 * anything else (javascript:, data:, page-relative, `//host` and `/\host`, which browsers read as
 * another host) is not a link. On its own so the chat's first screen (chips, the agent's avatar) has it
 * without the markdown parser, which the chat loads after opening.
 */
export function safeHref(raw: string): string | null {
  const url = raw.trim();
  if (/[\s<>"'`]/.test(url)) return null;
  const m = /^(https?:\/\/[^/?#]+|mailto:[^@]+@|\/(?![/\\]))/i.exec(url);
  return m ? url : null;
}
