/**
 * Errors across the store thread's message port. Structured clone keeps only an Error's name and message,
 * and callers branch on more: AppError's code and userMessage, better-sqlite3's `code`
 * (SQLITE_CONSTRAINT_UNIQUE, SQLITE_BUSY). These two functions carry exactly that across.
 */
import { AppError, type ErrorCode } from '../../../shared/errors';

export interface WireError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  userMessage?: string;
  isAppError: boolean;
}

export function toWireError(err: unknown): WireError {
  if (err instanceof AppError) {
    return { name: err.name, message: err.message, stack: err.stack, code: err.code, userMessage: err.userMessage, isAppError: true };
  }
  if (err instanceof Error || (typeof err === 'object' && err !== null && 'message' in err)) {
    const e = err as { name?: unknown; message?: unknown; stack?: unknown; code?: unknown };
    return {
      name: typeof e.name === 'string' ? e.name : 'Error',
      message: String(e.message),
      stack: typeof e.stack === 'string' ? e.stack : undefined,
      code: typeof e.code === 'string' ? e.code : undefined,
      isAppError: false,
    };
  }
  return { name: 'Error', message: String(err), isAppError: false };
}

export function fromWireError(wire: WireError): Error {
  const err = wire.isAppError
    ? new AppError(wire.code as ErrorCode, { message: wire.message, userMessage: wire.userMessage })
    : Object.assign(new Error(wire.message), wire.code === undefined ? {} : { code: wire.code });
  err.name = wire.name;
  // The thread's stack says where the statement failed; the caller's await shows in async stack traces anyway.
  if (wire.stack) err.stack = wire.stack;
  return err;
}
