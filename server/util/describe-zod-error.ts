/** Maps a failed payload validation to the wire error code and message; both edges (HTTP, sockets) use it. */
import type { z } from 'zod';
import type { ErrorCode } from '../../shared/errors';

export function describeZodError(error: z.ZodError): { code: ErrorCode; message: string } {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || 'payload';
  const tooBig = issue?.code === 'too_big' && (field === 'text' || field === 'message' || field === 'comment');
  return { code: tooBig ? 'PAYLOAD_TOO_LARGE' : 'INVALID_PAYLOAD', message: `${field}: ${issue?.message ?? 'invalid'}` };
}
