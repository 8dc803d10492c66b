import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type NoticeKind = 'info' | 'error' | 'warning';

export interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
  /** Optional follow-up the notice offers, e.g. open the chat it is about. */
  action?: { label: string; run: () => void };
}

/** How long info notices stay; errors stay until dismissed, an agent must not miss them. */
const INFO_MS = 6000;

/** A small toast list: push returns nothing, dismissal is by id. */
export function useNotices(): {
  notices: Notice[];
  push: (kind: NoticeKind, text: string, action?: Notice['action']) => void;
  dismiss: (id: number) => void;
} {
  const [notices, setNotices] = useState<Notice[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);
  const push = useCallback(
    (kind: NoticeKind, text: string, action?: Notice['action']) => {
      const id = nextId.current++;
      // The same text twice in a row (a repeated alert) replaces the older toast instead of stacking.
      setNotices((list) => [...list.filter((n) => n.text !== text), { id, kind, text, action }].slice(-4));
      if (kind !== 'error') {
        const timer = setTimeout(() => {
          timers.current.delete(timer);
          dismiss(id);
        }, INFO_MS);
        timers.current.add(timer);
      }
    },
    [dismiss],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const t of pending) clearTimeout(t);
    };
  }, []);

  return { notices, push, dismiss };
}
