type AudioContextCtor = new () => AudioContext;

let context: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (context !== null) return context;
  const w = window as unknown as { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor };
  const Ctor = w.AudioContext ?? w.webkitAudioContext;
  if (Ctor === undefined) return null;
  try {
    context = new Ctor();
  } catch {
    context = null;
  }
  return context;
}

/**
 * Creates and resumes the audio context. Browsers only allow audio after a user gesture,
 * so the console calls this from its first click or key press; beeps before that are silent.
 */
export function unlockAudio(): void {
  const ctx = audioContext();
  if (ctx !== null && ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
}

/** Two short rising tones (no audio file): distinct from OS sounds, quiet enough for a shift. */
export function beep(urgent = false): void {
  const ctx = audioContext();
  if (ctx === null || ctx.state !== 'running') return;
  const tones = urgent ? [880, 1175, 880, 1175] : [660, 880];
  const start = ctx.currentTime;
  tones.forEach((freq, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    const t = start + i * 0.16;
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.18, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.14);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + 0.15);
  });
}
