/**
 * The safe markdown subset KB answers and agents use: **bold**, [links](https://…), bare http(s) links,
 * bulleted and numbered lists, line breaks and paragraphs. It produces a plain tree rendered with VNodes,
 * so nothing is ever parsed as HTML: `<script>` and `&amp;` stay literal text.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'bold'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] };

/** A paragraph is a list of lines (rendered with line breaks between them). */
export type Block =
  | { type: 'paragraph'; lines: Inline[][] }
  | { type: 'list'; ordered: boolean; start: number; items: Inline[][] };

/**
 * http(s), mailto and site-relative paths (`/orders`, the shop's own pages, as the KB allows) only;
 * anything else (javascript:, data:, page-relative, `//host` and `/\host`, which browsers read as
 * another host) is not a link.
 */
export function safeHref(raw: string): string | null {
  const url = raw.trim();
  if (/[\s<>"'`]/.test(url)) return null;
  const m = /^(https?:\/\/[^/?#]+|mailto:[^@]+@|\/(?![/\\]))/i.exec(url);
  return m ? url : null;
}

/** [label](url) | **bold** | a bare http(s) URL (trailing punctuation left out). */
const INLINE = /\[([^\]\n]+)\]\(([^)\s]+)\)|\*\*([^*\n]+)\*\*|(https?:\/\/[^\s<>"'`()]+[^\s<>"'`().,;:!?])/g;

/** Parses one line of inline markup. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push({ type: 'text', text: text.slice(last, m.index) });
    const [whole, label, url, bold, bare] = m;
    if (bare) out.push({ type: 'link', href: bare, children: [{ type: 'text', text: bare }] });
    else if (bold) out.push({ type: 'bold', children: parseInline(bold) });
    else {
      const href = safeHref(url ?? '');
      const children = parseInline(label ?? '');
      out.push(...(href ? [{ type: 'link', href, children } as const] : children));
    }
    last = m.index + whole.length;
  }
  if (last < text.length) out.push({ type: 'text', text: text.slice(last) });
  return out;
}

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*(\d{1,3})[.)]\s+(.*)$/;

/** Parses a message into blocks; blank lines separate paragraphs, list markers start lists. */
export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (line.trim() === '') {
      current = null;
    } else if (bullet || numbered) {
      const ordered = numbered !== null;
      const content = parseInline((bullet?.[1] ?? numbered?.[2] ?? '').trim());
      if (current?.type === 'list' && current.ordered === ordered) current.items.push(content);
      else blocks.push((current = { type: 'list', ordered, start: Number(numbered?.[1] ?? 1), items: [content] }));
    } else if (current?.type === 'paragraph') {
      current.lines.push(parseInline(line.trim()));
    } else {
      blocks.push((current = { type: 'paragraph', lines: [parseInline(line.trim())] }));
    }
  }
  return blocks;
}

/** The text a screen reader should hear: markup removed, links reduced to their labels. */
export function plainText(source: string): string {
  const inline = (nodes: Inline[]): string => nodes.map((n) => (n.type === 'text' ? n.text : inline(n.children))).join('');
  return parseMarkdown(source)
    .map((b) => (b.type === 'paragraph' ? b.lines : b.items).map(inline).join(' '))
    .join(' ');
}
