/**
 * The bench's child processes: started with tsx and --expose-gc, talked to over IPC, and all tracked in
 * one set so every exit path of the bench (done, failed, interrupted) can stop what is still running.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** No single wait on a child may take longer than this (beyond a phase's own length, for a phase). */
export const STEP_TIMEOUT_MS = 10 * 60_000;

/** Resolves with the first IPC message of `type` from `child`, or rejects when it exits or takes too long. */
export function next<T>(child: ChildProcess, type: string, timeoutMs = STEP_TIMEOUT_MS): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`timed out waiting for ${type}`)), timeoutMs);
    const onMessage = (msg: { type: string }) => {
      if (msg.type === type) done(null, msg as T);
    };
    const onExit = (code: number | null) => done(new Error(`child exited (${code}) before ${type}`));
    const done = (err: Error | null, msg?: T) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(msg as T);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export const children = new Set<ChildProcess>();

/**
 * The Node flags `npm start` runs the server with (package.json's start script, the flags between `tsx` and
 * `server/main.ts`): the bench's servers run with them too, so it measures what production runs.
 */
export function serverNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> };
  return nodeFlagsOf(pkg.scripts.start ?? '');
}

/** The flags a start script gives node through tsx for server/main.ts. */
export function nodeFlagsOf(startScript: string): string[] {
  const match = /\btsx((?:\s+--\S+)*)\s+server\/main\.ts\b/.exec(startScript);
  if (!match) throw new Error('package.json: the start script no longer runs `tsx [flags] server/main.ts`');
  return match[1]!.split(/\s+/).filter(Boolean);
}

export function spawn(script: string, args: string[], execArgv: string[] = []): ChildProcess {
  const child = fork(path.join(__dirname, script), args, {
    // The servers run as `npm start` runs them; the load client too (it is not what is measured, and the same
    // young-generation size keeps its own pauses out of the figures as much as the server's).
    execArgv: ['--import', 'tsx', '--expose-gc', ...serverNodeFlags(), ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Asks politely, then kills what is still running after a grace period. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A child already on its way out closes the channel under us: then a signal does it.
  child.once('error', () => child.kill('SIGTERM'));
  if (child.connected) child.send({ type: 'stop' }, (err) => err && child.kill('SIGTERM'));
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Stops every child still running (the bench's last step on every way out). */
export async function stopAll(): Promise<void> {
  await Promise.all([...children].map(stopChild));
}
