/** The HTTP edge's error shape: `{ error: { code, message } }` with the status from the one code table. */
import type { ErrorRequestHandler, Request, Response, NextFunction, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError, HTTP_STATUS, type ErrorCode } from '../../shared/errors';
import { wellFormedDeep } from '../../shared/well-formed';
import { describeZodError } from '../util/describe-zod-error';

export function sendError(res: Response, code: ErrorCode, message: string): void {
  res.status(HTTP_STATUS[code]).json({ error: { code, message } });
}

/** Parses `req.body` with a schema or answers 400 INVALID_PAYLOAD. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request, res: Response): z.output<S> | undefined {
  const parsed = schema.safeParse(wellFormedDeep(req.body ?? {}));
  if (parsed.success) return parsed.data;
  const { code, message } = describeZodError(parsed.error);
  sendError(res, code, message);
  return undefined;
}

/** Lets async route handlers throw: express 5 forwards rejections, this keeps the types honest. */
export function route(fn: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req, res, next: NextFunction) => fn(req, res).catch(next);
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (err instanceof AppError) {
      if (err.retryAfterSeconds !== undefined) res.set('Retry-After', String(err.retryAfterSeconds));
      return sendError(res, err.code, err.userMessage);
    }
    const e = err as { type?: string; status?: number; statusCode?: number; message?: string };
    if (e.type === 'entity.too.large') return sendError(res, 'PAYLOAD_TOO_LARGE', 'Request body is too large.');
    if (e.type === 'entity.parse.failed') return sendError(res, 'INVALID_PAYLOAD', 'Request body is not valid JSON.');
    // The client's fault (a malformed percent-escape in the path, an unknown charset or encoding…):
    // body-parser, the router and serve-static mark these with a 4xx status. Not ours to alarm about.
    const status = e.status ?? e.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      logger.debug({ status, type: e.type, reason: e.message?.slice(0, 200), path: req.path.slice(0, 200) }, 'client request refused');
      if (status === 404) return sendError(res, 'NOT_FOUND', 'Not found.');
      if (status === 413) return sendError(res, 'PAYLOAD_TOO_LARGE', 'Request body is too large.');
      return sendError(res, 'INVALID_PAYLOAD', 'The request is malformed (its path, charset or encoding).');
    }
    logger.error({ err }, 'http request failed');
    sendError(res, 'INTERNAL', 'Something went wrong on our side.');
  };
}
