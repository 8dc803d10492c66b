import type { VNode } from 'preact';

// jest.config's transform does not cover preact's .mjs builds, so the JSX runtime is replaced by a plain
// VNode-shaped factory: the test asserts on the tree the component describes, which is all Markdown makes.
jest.mock('preact/jsx-runtime', () => {
  const jsx = (type: unknown, props: Record<string, unknown>) => ({ type, props });
  return { jsx, jsxs: jsx, Fragment: 'Fragment' };
});
import { Markdown } from '../../../widget/ui/markdown';
import { parseInline, parseMarkdown, plainText, safeHref } from '../../../widget/ui/parse-markdown';

/** Flattens a VNode tree into [type, props-without-children] and text, to assert on structure. */
function walk(node: unknown, out: unknown[] = []): unknown[] {
  if (node === null || node === undefined || typeof node === 'boolean') return out;
  if (typeof node === 'string' || typeof node === 'number') {
    out.push(String(node));
    return out;
  }
  if (Array.isArray(node)) {
    for (const n of node) walk(n, out);
    return out;
  }
  const v = node as VNode<Record<string, unknown>>;
  const { children, ...props } = v.props;
  out.push({ type: v.type, props });
  walk(children, out);
  return out;
}

const render = (text: string): unknown[] => walk(Markdown({ text }));

describe('parseInline', () => {
  it('keeps plain text as one node', () => {
    expect(parseInline('Returns within 30 days.')).toEqual([{ type: 'text', text: 'Returns within 30 days.' }]);
  });

  it('parses bold, markdown links and bare URLs in order', () => {
    expect(parseInline('See **our policy** at [returns](https://shop.example/returns) or https://shop.example/faq.')).toEqual([
      { type: 'text', text: 'See ' },
      { type: 'bold', children: [{ type: 'text', text: 'our policy' }] },
      { type: 'text', text: ' at ' },
      { type: 'link', href: 'https://shop.example/returns', children: [{ type: 'text', text: 'returns' }] },
      { type: 'text', text: ' or ' },
      { type: 'link', href: 'https://shop.example/faq', children: [{ type: 'text', text: 'https://shop.example/faq' }] },
      { type: 'text', text: '.' },
    ]);
  });

  it('drops the link but keeps the label for javascript:, data:, page-relative and protocol-relative URLs', () => {
    for (const url of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html;base64,xx', 'relative', '//evil.example', '/\\evil.example']) {
      const nodes = parseInline(`[click](${url})`);
      expect(nodes.some((n) => n.type === 'link')).toBe(false);
      expect(nodes[0]).toEqual({ type: 'text', text: 'click' });
    }
  });

  it('allows site-relative links (the KB allows them: the shop’s own pages, like /demo/orders)', () => {
    expect(parseInline('[My Orders](/demo/orders)')[0]).toEqual({ type: 'link', href: '/demo/orders', children: [{ type: 'text', text: 'My Orders' }] });
  });

  it('allows mailto links', () => {
    expect(parseInline('[mail us](mailto:help@shop.example)')[0]).toEqual({
      type: 'link',
      href: 'mailto:help@shop.example',
      children: [{ type: 'text', text: 'mail us' }],
    });
  });
});

describe('safeHref', () => {
  it('accepts http(s) and mailto only', () => {
    expect(safeHref('https://a.example/x?y=1#z')).toBe('https://a.example/x?y=1#z');
    expect(safeHref('http://a.example')).toBe('http://a.example');
    expect(safeHref('mailto:a@b.example')).toBe('mailto:a@b.example');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('https://a.example/"onmouseover="x')).toBeNull();
    expect(safeHref('vbscript:x')).toBeNull();
    expect(safeHref('ftp://a.example')).toBeNull();
  });
});

describe('parseMarkdown', () => {
  it('splits paragraphs on blank lines and keeps line breaks inside one', () => {
    const blocks = parseMarkdown('Line one\nLine two\n\nNext paragraph');
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toEqual({ type: 'paragraph', lines: [[{ type: 'text', text: 'Line one' }], [{ type: 'text', text: 'Line two' }]] });
  });

  it('parses bulleted and numbered lists', () => {
    const blocks = parseMarkdown('Steps:\n1. Open your order\n2. Click **Return**\n\n- fast\n* free\n• easy');
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'list', 'list']);
    expect(blocks[1]).toMatchObject({ type: 'list', ordered: true, start: 1 });
    expect(blocks[2]).toMatchObject({ type: 'list', ordered: false });
    expect(blocks[2]?.type === 'list' && blocks[2].items).toHaveLength(3);
  });

  it('handles CRLF line endings', () => {
    expect(parseMarkdown('a\r\nb')).toEqual([{ type: 'paragraph', lines: [[{ type: 'text', text: 'a' }], [{ type: 'text', text: 'b' }]] }]);
  });
});

describe('Markdown (VNodes, never HTML)', () => {
  it('renders <script> as literal text, not an element', () => {
    const out = render('<script>alert(1)</script> hi');
    expect(out).toContain('<script>alert(1)</script> hi');
    expect(out.some((n) => typeof n === 'object' && (n as { type: unknown }).type === 'script')).toBe(false);
  });

  it('does not decode HTML entities (they stay visible text)', () => {
    expect(render('Tom &amp; Jerry &lt;b&gt;')).toContain('Tom &amp; Jerry &lt;b&gt;');
  });

  it('renders img/onerror HTML as text', () => {
    const out = render('<img src=x onerror=alert(1)>');
    expect(out).toContain('<img src=x onerror=alert(1)>');
    expect(out.filter((n) => typeof n === 'object').map((n) => (n as { type: unknown }).type)).toEqual(['div', 'p']);
  });

  it('renders links with target=_blank and rel=noopener noreferrer', () => {
    const link = render('[Track](https://shop.example/track)').find((n) => typeof n === 'object' && (n as { type: unknown }).type === 'a');
    expect(link).toEqual({ type: 'a', props: { href: 'https://shop.example/track', target: '_blank', rel: 'noopener noreferrer' } });
  });

  it('never produces a javascript: href', () => {
    const out = render('[x](javascript:alert(1)) https://ok.example javascript:alert(2)');
    const hrefs = out.filter((n) => typeof n === 'object' && (n as { type: unknown }).type === 'a').map((n) => (n as { props: { href: string } }).props.href);
    expect(hrefs).toEqual(['https://ok.example']);
  });

  it('renders lists, bold and line breaks as elements', () => {
    const types = render('**Hi**\nthere\n- a\n- b')
      .filter((n) => typeof n === 'object')
      .map((n) => (n as { type: unknown }).type);
    expect(types).toEqual(['div', 'p', 'strong', 'br', 'ul', 'li', 'li']);
  });

  it('never sets dangerouslySetInnerHTML', () => {
    const out = render('**<b>x</b>** [<i>y</i>](https://a.example)');
    expect(JSON.stringify(out)).not.toContain('dangerouslySetInnerHTML');
  });
});

describe('plainText', () => {
  it('strips markup for the live region', () => {
    expect(plainText('See **[My Orders](https://shop.example/orders)**:\n- fast\n- free')).toBe('See My Orders: fast free');
  });
});
