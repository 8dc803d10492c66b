import type { z } from 'zod';
import type { ActionResult } from '../../../shared/integrations';
import { actionFailure } from './action-failure';

/**
 * Validates a port input with its shared schema, as both adapters do first, so a malformed slot is the same
 * ACTION_INVALID_REQUEST value whichever adapter runs (and never reaches the retailer).
 */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown): ActionResult<z.infer<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return actionFailure('ACTION_INVALID_REQUEST', `${where}${issue?.message ?? 'invalid request'}`);
}
