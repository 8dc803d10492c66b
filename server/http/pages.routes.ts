/**
 * Browser-facing files: the widget loader and its chunks (cross-origin, cacheable), the console page and
 * the demo shop. Bundles come from `dist/`, built beforehand by scripts/build.ts (`npm run build`, or
 * `npm start` in a development install); the server never builds.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

interface Manifest {
  loader?: string;
  chat?: string;
  console: string | null;
  consoleCss: string | null;
}

function readManifest(distDir: string): Manifest | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(distDir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/** Why the bundles in distDir cannot be served (missing manifest or a listed file), or null when they can. */
export function missingBundles(distDir: string): string | null {
  const manifest = readManifest(distDir);
  if (!manifest) return `no browser bundles in ${distDir} (manifest.json is missing)`;
  const files = [manifest.loader, manifest.chat, manifest.console, manifest.consoleCss].filter((f): f is string => !!f);
  const gone = files.find((f) => !fs.existsSync(path.join(distDir, f)));
  return gone ? `browser bundle ${gone} listed in ${distDir}/manifest.json is missing` : null;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function consolePage(manifest: Manifest | null): string {
  const css = manifest?.consoleCss ? `<link rel="stylesheet" href="/${escapeAttr(manifest.consoleCss)}">` : '';
  const js = manifest?.console ? `<script type="module" src="/${escapeAttr(manifest.console)}"></script>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley · Agent console</title><link rel="icon" href="data:,">${css}</head>
<body><div id="app"></div>${js}</body></html>`;
}

/** Encodings an Accept-Encoding header allows (q > 0). */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (token && (q === undefined || Number(q.slice(2)) > 0)) accepted.add(token);
  }
  return accepted;
}

/** Picks the build's precompressed copy the browser accepts (brotli, then gzip), else the plain file. */
export function pickEncoding(file: string, acceptEncoding: string | undefined): { path: string; encoding: 'br' | 'gzip' | null } {
  const accepted = acceptedEncodings(acceptEncoding);
  if (accepted.has('br') && fs.existsSync(`${file}.br`)) return { path: `${file}.br`, encoding: 'br' };
  if (accepted.has('gzip') && fs.existsSync(`${file}.gz`)) return { path: `${file}.gz`, encoding: 'gzip' };
  return { path: file, encoding: null };
}

export function pagesRoutes(opts: { distDir: string; demoDir: string }): Router {
  const router = Router();
  const assetsDir = path.join(opts.distDir, 'assets');

  const sendBundle = (file: string, cacheControl: string): express.RequestHandler => (req, res) => {
    const chosen = pickEncoding(file, req.get('accept-encoding'));
    res.set({ 'Access-Control-Allow-Origin': '*', 'Cache-Control': cacheControl, Vary: 'Accept-Encoding' });
    res.type(path.extname(file));
    if (chosen.encoding) res.set('Content-Encoding', chosen.encoding);
    res.sendFile(chosen.path, (err) => {
      if (err && !res.headersSent) res.status(404).type('text/plain').send('not built');
    });
  };

  // Short cache: the loader is the one URL retailers paste, so a release must reach them quickly.
  router.get('/widget.js', (req, res, next) => sendBundle(path.join(opts.distDir, 'widget.js'), 'public, max-age=300')(req, res, next));
  // Hashed names never change content: cache for a year.
  router.get('/assets/:file', (req, res, next) => {
    const name = String(req.params.file);
    if (!/^[\w.-]+\.(js|css)$/.test(name)) return next();
    sendBundle(path.join(assetsDir, name), 'public, max-age=31536000, immutable')(req, res, next);
  });

  router.get('/console', (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('html').send(consolePage(readManifest(opts.distDir)));
  });
  router.get('/demo', (_req, res) => res.sendFile(path.join(opts.demoDir, 'index.html')));
  // The demo shop's other pages (My Orders, size guide…), which the demo knowledge base links to.
  router.get(/^\/demo\/([a-z-]+(?:\/[a-z-]+)?)$/, (req, res, next) => {
    const page = String((req.params as Record<string, string>)[0]);
    res.sendFile(path.join(opts.demoDir, 'pages', `${page}.html`), (err) => err && next());
  });
  router.use('/demo', express.static(opts.demoDir, { index: false }));
  router.get('/', (_req, res) => res.redirect('/demo'));
  return router;
}
