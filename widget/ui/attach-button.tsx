/**
 * The paperclip that opens the file picker. Both apps use it; what happens to the chosen files is the caller's
 * (the chat loads its upload machinery only then, see pending-uploads.tsx).
 */
import type { Ref, VNode } from 'preact';
import { ACCEPT_ATTRIBUTE } from './accepted-types';

export function AttachButton({
  onPick,
  label,
  inputRef,
  class: cls,
}: {
  /** The chosen files, copied: the input is reset at once so the same file can be chosen again. */
  onPick(files: File[]): void;
  label: string;
  inputRef: Ref<HTMLInputElement>;
  class?: string;
}): VNode {
  return (
    <>
      <input ref={inputRef} type="file" accept={ACCEPT_ATTRIBUTE} multiple hidden onChange={(e) => {
        onPick(Array.from(e.currentTarget.files ?? []));
        e.currentTarget.value = '';
      }} />
      <button
        type="button"
        class={cls ?? 'attach'}
        aria-label={label}
        title={label}
        onClick={() => (inputRef as { current: HTMLInputElement | null }).current?.click()}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M16.5 6.5 8.9 14.1a1.5 1.5 0 0 0 2.1 2.1l7.6-7.6a3 3 0 0 0-4.2-4.2L6.8 12a4.5 4.5 0 0 0 6.4 6.4l6.3-6.3" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
        </svg>
      </button>
    </>
  );
}
