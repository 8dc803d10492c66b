/**
 * Error codes on the wire, and the app error that carries one.
 * Edges (socket acks, HTTP) turn any thrown error into `{ code, message }`; unknown errors become INTERNAL.
 */

export type ErrorCode =
  /** The payload failed its zod schema. */
  | 'INVALID_PAYLOAD'
  /** A message or body over the size limit. */
  | 'PAYLOAD_TOO_LARGE'
  /** No, or a bad, credential (token, password). */
  | 'UNAUTHORIZED'
  /** Authenticated, but not allowed (role, not your conversation). */
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  /** Another agent (or auto-assign) took the conversation first. */
  | 'ALREADY_TAKEN'
  /** The action does not fit the conversation's state (rate an open chat, message a closed one). */
  | 'INVALID_STATE'
  /** The agent is at their max concurrent chats. */
  | 'AT_CAPACITY'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  /** An event name the namespace does not know. */
  | 'UNKNOWN_EVENT'
  /** A knowledge-base file failed validation. */
  | 'KB_INVALID'
  | 'INTERNAL';

export interface WireError {
  code: ErrorCode;
  message: string;
}

/** Every command's acknowledgement. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Text safe to show to the end user; `message` may carry detail for logs. */
  readonly userMessage: string;

  constructor(code: ErrorCode, opts: { message: string; userMessage?: string; cause?: unknown }) {
    super(opts.message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = opts.userMessage ?? opts.message;
  }
}

/** HTTP status for each code: the one table the HTTP edge uses. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  INVALID_PAYLOAD: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ALREADY_TAKEN: 409,
  INVALID_STATE: 409,
  AT_CAPACITY: 409,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UNKNOWN_EVENT: 400,
  KB_INVALID: 422,
  INTERNAL: 500,
};

export function ok<T>(data: T): Ack<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string): { ok: false; error: WireError } {
  return { ok: false, error: { code, message } };
}
