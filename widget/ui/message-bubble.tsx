import type { VNode } from 'preact';
import { Markdown } from './markdown';

export interface MessageBubbleProps {
  /** Each app styles its own bubble (`bub` in the widget, `bubble` in the console). */
  class: string;
  text: string;
  /** Bot and agent replies are written in the safe markdown subset; shopper text and notes stay plain. */
  isMarkdown: boolean;
}

/** A message's text as both apps show it: a Preact text node or safe markdown, never HTML. */
export function MessageBubble({ class: cls, text, isMarkdown }: MessageBubbleProps): VNode {
  return <div class={cls}>{isMarkdown ? <Markdown text={text} /> : text}</div>;
}
