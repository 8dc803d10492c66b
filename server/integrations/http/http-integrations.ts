/**
 * The http adapter: each action is a signed JSON POST to the retailer's webhook (the contract is in
 * ../README.md). Lookups are retried with exponential backoff on timeouts, network errors, 429 and 5xx;
 * cancel and return are sent once (they change things) with an idempotency key the retailer deduplicates on.
 * Every failure is an ActionResult error value; nothing here throws to the caller.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { z } from 'zod';
import {
  ACTION_ANSWER_SCHEMAS,
  ACTION_LIMITS,
  normalizeOrderNumber,
  orderCancelRequestSchema,
  orderLookupRequestSchema,
  returnRequestSchema,
  type ActionErrorCode,
  type ActionName,
  type ActionResult,
} from '../../../shared/integrations';
import { actionFailure } from '../common/action-failure';
import { parseRequest } from '../common/parse-request';
import type { Integrations } from '../integrations';
import { postAction, type PostOutcome } from './post-action';
import { SIGNATURE_HEADER, signRequest } from './sign-request';

export interface HttpIntegrationsOptions {
  /** The retailer's webhook (https, or http on a loopback host). */
  url: string;
  /** The site secret both sides sign with. */
  secret: string;
  /** Per attempt, covering connect, answer and body (default 4000). */
  timeoutMs?: number;
  /** Extra attempts for lookups (default 2: three attempts in all). Cancel and return never retry. */
  retries?: number;
  /** First retry delay; doubled for each later one (default 250 ms: 250, 500). */
  backoffMs?: number;
  /** The clock signatures are stamped with. */
  now?: () => number;
  logger?: Logger;
}

export const HTTP_DEFAULTS = { timeoutMs: 4000, retries: 2, backoffMs: 250 } as const;

type Answer<A extends ActionName> = z.infer<(typeof ACTION_ANSWER_SCHEMAS)[A]>;

export function createHttpIntegrations(opts: HttpIntegrationsOptions): Integrations {
  const timeoutMs = opts.timeoutMs ?? HTTP_DEFAULTS.timeoutMs;
  const retries = opts.retries ?? HTTP_DEFAULTS.retries;
  const backoffMs = opts.backoffMs ?? HTTP_DEFAULTS.backoffMs;
  const now = opts.now ?? Date.now;
  let isClosed = false;

  /** Sends `wire` (already validated) and validates the answer; retries only when `isIdempotent`. */
  async function call<A extends ActionName>(
    action: A,
    wire: Record<string, unknown>,
    isIdempotent: boolean,
  ): Promise<ActionResult<Answer<A>>> {
    if (isClosed) return actionFailure('ACTION_FAILED', 'integrations closed');
    const body = JSON.stringify({ action, ...wire });
    const headers: Record<string, string> = { 'x-parley-action': action, 'user-agent': 'parley-actions/1' };
    if (typeof wire.idempotencyKey === 'string') headers['idempotency-key'] = wire.idempotencyKey;
    const attempts = isIdempotent ? 1 + retries : 1;
    const started = now();
    let result: ActionResult<Answer<A>> = actionFailure('ACTION_FAILED', 'not sent');
    let status: number | null = null;
    let attempt = 0;
    while (attempt < attempts) {
      if (attempt > 0) await sleep(backoffMs * 2 ** (attempt - 1));
      attempt += 1;
      const outcome = await postAction({
        url: opts.url,
        body,
        // Signed per attempt: a retry carries a fresh timestamp inside the replay window.
        headers: { ...headers, [SIGNATURE_HEADER]: signRequest(body, opts.secret, now()) },
        timeoutMs,
        maxBytes: ACTION_LIMITS.answerBytes,
      });
      status = outcome.kind === 'answer' ? outcome.status : null;
      const judged = judge(action, outcome);
      result = judged.result;
      if (result.ok || !judged.isRetryable) break;
    }
    if (!result.ok) {
      opts.logger?.warn({ action, attempts: attempt, status, code: result.error.code, ms: now() - started, detail: result.error.message }, 'integrations: action failed');
    }
    return result;
  }

  /** Parses an order-scoped request; `check` rejects an answer about another order than the one asked for. */
  const checkOrder = <T extends { found: boolean; order?: { orderNumber: string } }>(asked: string, answer: ActionResult<T>): ActionResult<T> =>
    answer.ok && answer.data.found && answer.data.order && normalizeOrderNumber(answer.data.order.orderNumber) !== normalizeOrderNumber(asked)
      ? actionFailure('ACTION_INVALID_RESPONSE', 'the answer is about another order')
      : answer;

  return {
    kind: 'http',

    async orderLookup(input) {
      const req = parseRequest(orderLookupRequestSchema, input);
      if (!req.ok) return req;
      const wire = { ...req.data, orderNumber: normalizeOrderNumber(req.data.orderNumber) };
      return checkOrder(wire.orderNumber, await call('order.lookup', wire, true));
    },

    async orderCancel(input) {
      const req = parseRequest(orderCancelRequestSchema, input);
      if (!req.ok) return req;
      const wire = { ...req.data, orderNumber: normalizeOrderNumber(req.data.orderNumber), idempotencyKey: req.data.idempotencyKey ?? randomUUID() };
      return checkOrder(wire.orderNumber, await call('order.cancel', wire, false));
    },

    async returnRequest(input) {
      const req = parseRequest(returnRequestSchema, input);
      if (!req.ok) return req;
      const wire = { ...req.data, orderNumber: normalizeOrderNumber(req.data.orderNumber), idempotencyKey: req.data.idempotencyKey ?? randomUUID() };
      return call('return.request', wire, false);
    },

    async close() {
      isClosed = true;
    },
  };
}

/** Turns one attempt's outcome into a result, and says whether another attempt could help. */
function judge<A extends ActionName>(action: A, outcome: PostOutcome): { result: ActionResult<Answer<A>>; isRetryable: boolean } {
  const fail = (code: ActionErrorCode, message: string, isRetryable: boolean) => ({ result: actionFailure(code, message), isRetryable });
  switch (outcome.kind) {
    case 'timeout':
      return fail('ACTION_TIMEOUT', 'the retailer did not answer in time', true);
    case 'network':
      return fail('ACTION_FAILED', `network error: ${outcome.message}`, true);
    case 'too_large':
      return fail('ACTION_INVALID_RESPONSE', `the answer is over ${ACTION_LIMITS.answerBytes} bytes`, false);
    case 'answer':
      break;
  }
  if (outcome.status < 200 || outcome.status > 299) {
    const isRetryable = outcome.status >= 500 || outcome.status === 429;
    return fail('ACTION_FAILED', `HTTP ${outcome.status}`, isRetryable);
  }
  let json: unknown;
  try {
    json = JSON.parse(outcome.body);
  } catch {
    return fail('ACTION_INVALID_RESPONSE', 'the answer is not JSON', false);
  }
  const parsed = ACTION_ANSWER_SCHEMAS[action].safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail('ACTION_INVALID_RESPONSE', `the answer fails the ${action} schema at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? ''}`, false);
  }
  return { result: { ok: true, data: parsed.data as Answer<A> }, isRetryable: false };
}
