import type { VNode } from 'preact';

const PATHS = {
  send: 'M3 20.5V14l9-2-9-2V3.5L22 12z',
} as const;

/** A decorative icon: the button around it carries the accessible name. */
export function Icon({ name }: { name: keyof typeof PATHS }): VNode {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} />
    </svg>
  );
}
