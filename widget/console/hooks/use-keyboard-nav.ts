import { useEffect, useRef } from 'preact/hooks';

interface Handlers {
  onStep: (delta: 1 | -1) => void;
  onFocusSearch: () => void;
}

/** True while focus is in a field where plain letters are text, not shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/**
 * Global shortcuts: Alt+↑/↓ anywhere, j/k when not typing, to move between conversations;
 * `/` focuses search when not typing. Esc in the reply box is handled by the box itself.
 */
export function useKeyboardNav(handlers: Handlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey) return;
      const typing = isTypingTarget(e.target);
      if (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
        e.preventDefault();
        ref.current.onStep(e.key === 'ArrowDown' ? 1 : -1);
        return;
      }
      if (typing || e.altKey) return;
      if (e.key === 'j' || e.key === 'k') {
        e.preventDefault();
        ref.current.onStep(e.key === 'j' ? 1 : -1);
      } else if (e.key === '/') {
        e.preventDefault();
        ref.current.onFocusSearch();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
