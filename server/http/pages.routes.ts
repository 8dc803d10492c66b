/**
 * Browser-facing files: the widget loader and its chunks (cross-origin, cacheable), the console page and
 * the demo shop. Bundles come from `dist/` (built at start by scripts/build.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

interface Manifest {
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

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function consolePage(manifest: Manifest | null): string {
  const css = manifest?.consoleCss ? `<link rel="stylesheet" href="/${escapeAttr(manifest.consoleCss)}">` : '';
  const js = manifest?.console ? `<script type="module" src="/${escapeAttr(manifest.console)}"></script>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley · Agent console</title>${css}</head>
<body><div id="app"></div>${js}</body></html>`;
}

export function pagesRoutes(opts: { distDir: string; demoDir: string }): Router {
  const router = Router();
  const cors: express.RequestHandler = (_req, res, next) => {
    res.set('Access-Control-Allow-Origin', '*');
    next();
  };

  router.get('/widget.js', cors, (_req, res) => {
    // Short cache: the loader is the one URL retailers paste, so a release must reach them quickly.
    res.set('Cache-Control', 'public, max-age=300');
    res.sendFile(path.join(opts.distDir, 'widget.js'), (err) => {
      if (err && !res.headersSent) res.status(503).type('text/plain').send('widget not built');
    });
  });
  router.use('/assets', cors, express.static(path.join(opts.distDir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));

  router.get('/console', (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('html').send(consolePage(readManifest(opts.distDir)));
  });
  router.get('/demo', (_req, res) => res.sendFile(path.join(opts.demoDir, 'index.html')));
  router.use('/demo', express.static(opts.demoDir, { index: false }));
  router.get('/', (_req, res) => res.redirect('/demo'));
  return router;
}
