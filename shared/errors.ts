/**
 * Error codes on the wire, and the app error that carries one.
 * Edges (socket acks, HTTP) turn any thrown error into `{ code, message }`; unknown errors become INTERNAL.
 */

export type ErrorCode =
  /** The payload failed its zod schema. */
  | 'INVALID_PAYLOAD'
  /** A message or body over the size limit. */
  | 'PAYLOAD_TOO_LARGE'
  /** An uploaded file whose content (magic bytes) is not an accepted type: JPEG, PNG, WebP or PDF. */
  | 'UNSUPPORTED_TYPE'
  /** A HEIC/HEIF photo: no well-kept decoder to strip its metadata, so it is refused (send a JPEG). */
  | 'HEIC_UNSUPPORTED'
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
  /**
   * Temporarily unavailable, through no fault of the request: the same request later may well succeed
   * (the report thread past its restart limit). Carries `retryAfterSeconds`; HTTP answers 503 with Retry-After.
   */
  | 'UNAVAILABLE'
  | 'INTERNAL';

export interface WireError {
  code: ErrorCode;
  message: string;
  /** With RATE_LIMITED or UNAVAILABLE: seconds to wait before trying again. */
  retryAfterSeconds?: number;
}

/** Every command's acknowledgement. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };

/**
 * The client-side error vocabulary (widget and console): the server's codes plus the two failures a
 * client produces itself, because no acknowledgement ever arrived.
 */
export type ClientErrorCode =
  | ErrorCode
  /** The acknowledgement did not arrive in time: the server may still have applied the command. */
  | 'TIMEOUT'
  /** Not connected: the command was never sent. */
  | 'OFFLINE';

export interface ClientError {
  code: ClientErrorCode;
  message: string;
  /** The server's, with RATE_LIMITED or UNAVAILABLE: seconds to wait before trying again. */
  retryAfterSeconds?: number;
}

/** A command's outcome as a client sees it: the server's Ack, or a failure the client produced. */
export type ClientResult<T> = { ok: true; data: T } | { ok: false; error: ClientError };

/** The failure a client reports when it gave up waiting (`TIMEOUT`) or could not send (`OFFLINE`). */
export function clientFailure(code: 'TIMEOUT' | 'OFFLINE'): { ok: false; error: ClientError } {
  return { ok: false, error: { code, message: code.toLowerCase() } };
}

/**
 * The code of a refused Socket.IO handshake: the server's middleware puts it in the connect_error's
 * `data` (see server/realtime/auth.middleware.ts). Null for transport errors, which carry no code.
 */
export function refusalCode(err: unknown): ErrorCode | null {
  const code = (err as { data?: { code?: unknown } } | null)?.data?.code;
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(HTTP_STATUS, code) ? (code as ErrorCode) : null;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Text safe to show to the end user; `message` may carry detail for logs. */
  readonly userMessage: string;
  /** When to try again (UNAVAILABLE): the edges pass it on, as Retry-After over HTTP. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, opts: { message: string; userMessage?: string; cause?: unknown; retryAfterSeconds?: number }) {
    super(opts.message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = opts.userMessage ?? opts.message;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}

/** HTTP status for each code: the one table the HTTP edge uses. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  INVALID_PAYLOAD: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_TYPE: 415,
  HEIC_UNSUPPORTED: 415,
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
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export function ok<T>(data: T): Ack<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string): { ok: false; error: WireError } {
  return { ok: false, error: { code, message } };
}
