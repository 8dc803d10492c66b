import { useEffect, useRef } from 'preact/hooks';

/**
 * Sends a read mark for the open conversation whenever new messages arrive while the page is
 * visible, and again when the agent comes back to the tab. Each seq is marked once.
 */
export function useReadMarks(conversationId: string, lastSeq: number, isEnabled: boolean, markRead: (upToSeq: number) => void): void {
  const sent = useRef<{ id: string; seq: number }>({ id: '', seq: 0 });
  const markRef = useRef(markRead);
  markRef.current = markRead;

  useEffect(() => {
    if (!isEnabled) return;
    const maybeMark = (): void => {
      if (document.visibilityState !== 'visible' || lastSeq === 0) return;
      const s = sent.current;
      if (s.id === conversationId && s.seq >= lastSeq) return;
      sent.current = { id: conversationId, seq: lastSeq };
      markRef.current(lastSeq);
    };
    maybeMark();
    document.addEventListener('visibilitychange', maybeMark);
    window.addEventListener('focus', maybeMark);
    return () => {
      document.removeEventListener('visibilitychange', maybeMark);
      window.removeEventListener('focus', maybeMark);
    };
  }, [conversationId, lastSeq, isEnabled]);
}
