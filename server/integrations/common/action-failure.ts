import type { ActionErrorCode } from '../../../shared/integrations';

/** The error value of a failed action (never thrown: the caller turns it into a polite message). */
export function actionFailure(code: ActionErrorCode, message: string): { ok: false; error: { code: ActionErrorCode; message: string } } {
  return { ok: false, error: { code, message } };
}
