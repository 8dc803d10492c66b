/** Logs a widget failure without throwing into the host page (a failed import's error names the file). */
export const report = (err: unknown): void => console.error('[parley]', err);
