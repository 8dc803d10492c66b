/**
 * Hot reload: watches a KB folder and reloads it after edits settle.
 * A bad edit reports an error and leaves the caller's last good KB in place.
 */
import { watch } from 'node:fs';
import { AppError } from '../../shared/errors';
import type { KnowledgeBase } from './kb-schema';
import { loadKb } from './load-kb';

export interface WatchKbOptions {
  onReload(kb: KnowledgeBase): void;
  onError(err: AppError): void;
  /** Editors write files in several steps; wait this long after the last event. Default 150 ms. */
  debounceMs?: number;
}

/** Watches `dir`; returns stop(). */
export function watchKb(dir: string, opts: WatchKbOptions): () => void {
  let timer: NodeJS.Timeout | null = null;
  let isStopped = false;
  // A reload that starts while another runs is queued, so the last edit always wins.
  let running: Promise<void> = Promise.resolve();

  const reload = (): void => {
    running = running.then(async () => {
      if (isStopped) return;
      try {
        const kb = await loadKb(dir);
        if (!isStopped) opts.onReload(kb);
      } catch (err) {
        if (isStopped) return;
        opts.onError(err instanceof AppError ? err : new AppError('KB_INVALID', { message: String(err), cause: err }));
      }
    });
  };

  const watcher = watch(dir, (_event, file) => {
    if (file !== null && !/\.ya?ml$/.test(String(file))) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(reload, opts.debounceMs ?? 150);
  });
  watcher.on('error', (err) => opts.onError(new AppError('KB_INVALID', { message: `${dir}: watch failed`, cause: err })));

  return () => {
    isStopped = true;
    if (timer) clearTimeout(timer);
    watcher.close();
  };
}
