/**
 * Attachments over HTTP: `POST /api/attachments?name=…` with the file as the raw body (a shopper with
 * `Authorization: Bearer <visitorToken>` and `X-Parley-Site`, or an agent with their bearer token), and
 * `GET /api/attachments/:id` and `/:id/thumb` for whoever may see the conversation or case it was sent in.
 * The widget runs on the shop's origin, so these routes answer CORS for WIDGET_ORIGINS (header credentials
 * only: no cookies are involved). `GET /api/attachments/:id/shared?exp=…&sig=…` serves a sent file to whoever holds
 * a signed link (attachments/signed-link.ts): a retailer's server fetching a return's photo, with no login.
 */
import cors from 'cors';
import { Router, type Request, type Response } from 'express';
import type { AttachmentService, Party } from '../attachments/attachment-service';
import { authenticateAgent } from '../auth/authenticate-agent';
import { hashVisitorToken } from '../auth/tokens';
import { checkAttachmentLink } from '../attachments/signed-link';
import { consume, type LimiterFactory } from '../security/create-limiter';
import type { Store } from '../store/store';
import { route, sendError } from './errors';

/** Per shopper or agent: a few photos in a row is normal, a stream of them is not. */
const UPLOADS_PER_PARTY = { points: 20, duration: 600 };
/** Per client address, all its shoppers together (a shop's office may share one address). */
const UPLOADS_PER_ADDRESS = { points: 120, duration: 600 };

/** 10485760 → "10", 300000 → "0.3": the limit as people read it. */
const megabytes = (bytes: number) => String(Math.round((bytes / (1024 * 1024)) * 10) / 10);

/** `inline` or `attachment`, with an ASCII fallback name and the exact one in RFC 5987 form. */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The body, or 'too-big' as soon as it passes `max` bytes (the rest is not buffered). */
function readBody(req: Request, max: number): Promise<Buffer | 'too-big'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) return void chunks.push(chunk);
      req.off('data', onData);
      // Keep draining without keeping anything, so the 413 reaches the client before the connection closes.
      req.resume();
      resolve('too-big');
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

export function attachmentsRoutes(deps: {
  store: Store;
  service: AttachmentService;
  secret: () => string;
  now: () => number;
  limiters: LimiterFactory;
  maxBytes: number;
  widgetOrigins: readonly string[];
  /** The longest lifetime of a signed link (RETURN_PHOTO_LINK_SECONDS). */
  linkMaxAgeMs: number;
}): Router {
  const { store, service, secret, now, maxBytes } = deps;
  const router = Router();
  const perParty = deps.limiters({ keyPrefix: 'upload-party', ...UPLOADS_PER_PARTY });
  const perAddress = deps.limiters({ keyPrefix: 'upload-ip', ...UPLOADS_PER_ADDRESS });

  router.use(
    '/api/attachments',
    cors({
      origin: (origin, cb) => cb(null, origin !== undefined && deps.widgetOrigins.includes(origin)),
      methods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type', 'x-parley-site'],
      exposedHeaders: ['content-disposition'],
      maxAge: 600,
    }),
  );

  /** Agent tokens are `payload.mac`; visitor tokens have no dot and need the site they belong to. */
  async function identify(req: Request): Promise<Party | null> {
    const header = req.get('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token || token.length > 1024) return null;
    if (token.includes('.')) {
      const session = await authenticateAgent(token, store, secret(), now());
      return session ? { kind: 'agent', agent: session.agent } : null;
    }
    const site = req.get('x-parley-site') ?? '';
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(site)) return null;
    const visitor = await store.visitors.getByTokenHash(site, hashVisitorToken(token));
    return visitor ? { kind: 'visitor', visitor } : null;
  }

  const refuseTooBig = (res: Response) => {
    // The client may still be sending: close the connection after this answer rather than read megabytes.
    res.set('Connection', 'close');
    sendError(res, 'PAYLOAD_TOO_LARGE', `Files can be at most ${megabytes(maxBytes)} MB.`);
  };

  router.post('/api/attachments', route(async (req, res) => {
    const party = await identify(req);
    if (!party) {
      res.set('Connection', 'close');
      return sendError(res, 'UNAUTHORIZED', 'Open the chat (or log in) before sending a file.');
    }
    const who = party.kind === 'visitor' ? `v:${party.visitor.id}` : `a:${party.agent.id}`;
    const refusal = (await consume(perParty, who)) ?? (await consume(perAddress, req.ip ?? 'unknown'));
    if (refusal) {
      res.set('Connection', 'close');
      res.set('Retry-After', String(refusal.retryAfterSeconds));
      return sendError(res, 'RATE_LIMITED', 'Too many files in a short time: please wait a little.');
    }
    const declared = Number(req.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) return refuseTooBig(res);
    const body = await readBody(req, maxBytes);
    if (body === 'too-big') return refuseTooBig(res);
    if (body.length === 0) return sendError(res, 'INVALID_PAYLOAD', 'The file is empty.');
    const name = typeof req.query.name === 'string' ? req.query.name.slice(0, 255) : undefined;
    res.status(201).json({ attachment: await service.upload(party, body, name) });
  }));

  const send = (res: Response, file: { record: { name: string }; data: Buffer; contentType: string }, variant: 'full' | 'thumb') => {
    const { record, data, contentType } = file;
    // A PDF can carry scripts and forms: it is always downloaded, never shown in our origin.
    const disposition = contentType === 'application/pdf' ? 'attachment' : 'inline';
    res.set({
      'Content-Type': contentType,
      'Content-Length': String(data.length),
      'Content-Disposition': contentDisposition(disposition, variant === 'thumb' ? `thumb-${record.name.replace(/\.\w+$/, '')}.webp` : record.name),
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    res.end(data);
  };

  const serve = (variant: 'full' | 'thumb') =>
    route(async (req, res) => {
      const party = await identify(req);
      if (!party) return sendError(res, 'UNAUTHORIZED', 'Open the chat (or log in) first.');
      const id = String(req.params.id ?? '');
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return sendError(res, 'NOT_FOUND', 'No such attachment.');
      send(res, await service.read(party, id, variant), variant);
    });
  router.get('/api/attachments/:id', serve('full'));
  router.get('/api/attachments/:id/shared', route(async (req, res) => {
    const id = String(req.params.id ?? '');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return sendError(res, 'NOT_FOUND', 'No such attachment.');
    // One answer for a forged, altered and expired link: the caller learns nothing about which files exist.
    if (checkAttachmentLink(secret(), id, req.query, now(), deps.linkMaxAgeMs) !== null) {
      return sendError(res, 'FORBIDDEN', 'This link is not valid or has expired.');
    }
    send(res, await service.readLinked(id), 'full');
  }));
  router.get('/api/attachments/:id/thumb', serve('thumb'));

  return router;
}
