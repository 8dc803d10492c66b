import type { VNode } from 'preact';

/** The paper plane on send buttons; decorative, the button carries the label. */
export function SendIcon(): VNode {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true">
      <path d="M3 20.5V14l9-2-9-2V3.5L22 12z" />
    </svg>
  );
}
