import { useCallback, useEffect, useRef } from 'preact/hooks';

/** Re-announce "still typing" at most this often; the shopper's indicator expires on its own otherwise. */
const REPEAT_MS = 2500;
/** Stop announcing after this long without a keystroke. */
const IDLE_MS = 4000;

/**
 * Throttles the agent's typing indicator: `typed()` on each keystroke sends `true` at most every
 * REPEAT_MS, and `false` follows after IDLE_MS of quiet or an explicit `stopped()` (send, blur, switch).
 */
export function useTypingSignal(send: (isTyping: boolean) => void): { typed: () => void; stopped: () => void } {
  const lastSent = useRef(0);
  const isTyping = useRef(false);
  const idle = useRef<ReturnType<typeof setTimeout> | null>(null);
  const sendRef = useRef(send);
  sendRef.current = send;

  const stopped = useCallback(() => {
    if (idle.current !== null) clearTimeout(idle.current);
    idle.current = null;
    if (isTyping.current) {
      isTyping.current = false;
      lastSent.current = 0;
      sendRef.current(false);
    }
  }, []);

  const typed = useCallback(() => {
    const now = Date.now();
    if (!isTyping.current || now - lastSent.current >= REPEAT_MS) {
      isTyping.current = true;
      lastSent.current = now;
      sendRef.current(true);
    }
    if (idle.current !== null) clearTimeout(idle.current);
    idle.current = setTimeout(stopped, IDLE_MS);
  }, [stopped]);

  useEffect(() => stopped, [stopped]);
  return { typed, stopped };
}
