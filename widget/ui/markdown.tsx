import type { ComponentChildren, VNode } from 'preact';
import { parseMarkdown, type Inline } from './parse-markdown';

function inline(nodes: Inline[]): ComponentChildren[] {
  return nodes.map((n) =>
    n.type === 'text' ? (
      n.text
    ) : n.type === 'bold' ? (
      <strong>{inline(n.children)}</strong>
    ) : (
      <a href={n.href} target="_blank" rel="noopener noreferrer">
        {inline(n.children)}
      </a>
    ),
  );
}

/** Renders the safe markdown subset as VNodes (text stays text: never innerHTML). */
export function Markdown({ text }: { text: string }): VNode {
  return (
    <div>
      {parseMarkdown(text).map((b) =>
        b.type === 'paragraph' ? (
          <p>{b.lines.flatMap((line, i) => (i === 0 ? inline(line) : [<br />, ...inline(line)]))}</p>
        ) : b.ordered ? (
          <ol start={b.start}>{b.items.map((item) => <li>{inline(item)}</li>)}</ol>
        ) : (
          <ul>{b.items.map((item) => <li>{inline(item)}</li>)}</ul>
        ),
      )}
    </div>
  );
}
