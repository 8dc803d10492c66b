/**
 * Getting the shopper's attention for a reply that arrives while they look elsewhere:
 * a flashing tab title while the tab is hidden, and an optional short chime (no audio file to load).
 */

/** Alternates document.title with `text` until the tab is visible again; returns a stop function. */
export function flashTitle(text: string): () => void {
  if (typeof document === 'undefined' || !document.hidden) return () => undefined;
  const original = document.title;
  let isShowing = false;
  const timer = setInterval(() => {
    isShowing = !isShowing;
    document.title = isShowing ? text : original;
  }, 1200);
  const stop = (): void => {
    clearInterval(timer);
    document.title = original;
    document.removeEventListener('visibilitychange', onVisible);
  };
  const onVisible = (): void => {
    if (!document.hidden) stop();
  };
  document.addEventListener('visibilitychange', onVisible);
  return stop;
}

let audio: AudioContext | null = null;

/** A short soft tone via Web Audio; silently does nothing where audio is blocked or unsupported. */
export function playChime(): void {
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    const now = audio.currentTime;
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.12, now);
    gain.gain.exponentialRampToValueAtTime(0.001, now + 0.3);
    osc.connect(gain).connect(audio.destination);
    osc.start(now);
    osc.stop(now + 0.3);
  } catch {
    // Autoplay policy or no Web Audio: the badge and title still tell the shopper.
  }
}
