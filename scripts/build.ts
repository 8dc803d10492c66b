/**
 * Builds the browser bundles with esbuild:
 *   widget.js                  the host-page loader (IIFE, no framework) — short cache, stable URL
 *   assets/chat.<hash>.js      the lazily imported chat chunk (ESM) — cache forever; its URL is baked into the loader;
 *                              what the panel's first screen does not draw (markdown, the menu, forms, My requests,
 *                              uploads, chips…) is split off as chat-chunk.<hash>.js, imported as the panel first renders
 *   assets/console.<hash>.js   the agent console (ESM, code-split: the login screen first, the workspace and its
 *                              rarer views as console-chunk.<hash>.js; + console.<hash>.css when the entry imports CSS)
 * and writes manifest.json. `npm run build` (this file) builds and prints the files with their sizes;
 * `npm start` runs it with `--if-missing` first (ensureBundles), and the server only serves what is in dist/.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
// @swc/core is a dev dependency (esbuild comes with tsx): both load only when a build runs, so `--if-missing` works in a
// production install (`npm install --omit=dev`) that got its bundles from `npm run build` elsewhere.
import type { BuildOptions, Metafile, OutputFile, Plugin } from 'esbuild';

const build = ((options: BuildOptions) => import('esbuild').then((m) => m.build(options))) as typeof import('esbuild').build;

export interface BuildManifest {
  /** Paths relative to outDir. */
  loader: string;
  chat: string;
  /**
   * The chat's split chunks: `initial` are imported statically by chat.<hash>.js (fetched with it), `lazy` by
   * import() (the parts chunk, requested as the panel first renders).
   */
  chatChunks?: { initial: string[]; lazy: string[] };
  console: string | null;
  consoleCss: string | null;
  /**
   * The console's split chunks: `initial` are imported statically by the entry (fetched on first load, with
   * it), `lazy` are imported on demand (the workspace after sign-in, supervisor/tickets/transfer/canned views).
   */
  consoleChunks?: { initial: string[]; lazy: string[] };
  /** Per-locale UI text chunks (`assets/i18n-<locale>.<hash>.js`): the loader fetches one with the chat chunk. */
  locales: Record<keyof typeof LOCALE_ENTRIES, string>;
  /** Hash of the sources the bundles were built from (see ensureBundles). */
  sourceHash: string;
  builtAt: number;
}

export interface BuildOptionsIn {
  outDir?: string;
  minify?: boolean;
}

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_OUT = path.join(ROOT, 'dist');
const CHAT_ENTRY = path.join(ROOT, 'widget/chat/index.tsx');
const LOCALE_ENTRIES = { en: path.join(ROOT, 'widget/chat/i18n/en.ts'), zh: path.join(ROOT, 'widget/chat/i18n/zh.ts') };
const LOADER_ENTRY = path.join(ROOT, 'widget/loader/index.ts');
const CONSOLE_ENTRY = path.join(ROOT, 'widget/console/index.tsx');
const HASHED_DIRS = ['widget', 'shared'];
/** Superseded hashed assets are kept this long: pages that loaded the old widget.js may still import them. */
const KEEP_OLD_ASSETS_MS = 24 * 60 * 60 * 1000;

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) => {
      const full = path.join(dir, e.name);
      return e.isDirectory() ? listFiles(full) : Promise.resolve(e.isFile() ? [full] : []);
    }),
  );
  return nested.flat();
}

/** sha256 over every file under widget/ and shared/ (path and content), plus this build script. */
export async function sourceHash(): Promise<string> {
  const files = (await Promise.all(HASHED_DIRS.map((d) => listFiles(path.join(ROOT, d))))).flat();
  files.push(__filename);
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    hash.update(path.relative(ROOT, file) + '\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function common(minify: boolean): BuildOptions {
  return {
    absWorkingDir: ROOT,
    bundle: true,
    minify,
    write: false,
    platform: 'browser',
    target: 'es2020',
    // UTF-8 keeps the Chinese catalogue at 3 bytes a character instead of 6-byte \u escapes.
    charset: 'utf8',
    legalComments: 'none',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  };
}

/**
 * Class members of socket.io-client and engine.io-client that nothing runs in the chat, by the file that holds them:
 * - socket.io's Socket: the API the chat never calls (shopper-socket.ts uses connect, disconnect, on,
 *   timeout().emitWithAck; emit and open run inside), and `_addToQueue`, which only the `retries` option uses;
 * - the Manager's `connect`, an alias of the `open` the socket calls;
 * - engine.io's Socket: `send`, an alias of the `write` the Manager calls, and `_probe`, the transport upgrade, with
 *   the polling transport's `pause` that only the upgrade calls. The chat never upgrades: it opens WebSocket first,
 *   for which the server offers no upgrade, and when that fails (`tryAllTransports`) polling, with the list of
 *   transports it upgrades to filtered down to none (`_filterUpgrades` against the remaining ['polling']). Its
 *   options also say `upgrade: false` (shopper-socket.ts), so no future path can reach the missing method;
 * - socket.io-parser's binary packets: encoding them (hasBinary is stubbed false below) and receiving their
 *   attachments. Parley's contract is JSON only; a binary packet the server should never send now fails to decode,
 *   which the Manager handles as any malformed packet (it closes the connection as a parse error and reconnects),
 *   where before its payload came through with placeholders for the files.
 */
const UNUSED_MEMBERS: [RegExp, string[]][] = [
  [
    /socket\.io-client[\\/]build[\\/]esm[\\/]socket\.js$/,
    ['disconnected', 'send', '_addToQueue', 'close', 'compress', 'volatile', 'onAny', 'prependAny', 'offAny', 'listenersAny', 'onAnyOutgoing', 'prependAnyOutgoing', 'offAnyOutgoing', 'listenersAnyOutgoing'],
  ],
  [/engine\.io-client[\\/]build[\\/]esm[\\/]socket\.js$/, ['_probe', 'send']],
  [/socket\.io-parser[\\/]build[\\/]esm[\\/]index\.js$/, ['encodeAsBinary', 'takeBinaryData']],
  [/engine\.io-client[\\/]build[\\/]esm[\\/]transports[\\/]polling\.js$/, ['pause']],
];

/**
 * Removes class members (methods and getters at class-body indentation, as socket.io's build emits them) by
 * name. A member not found fails the build: a socket.io upgrade must be looked at, not silently kept whole.
 */
export function dropMembers(source: string, names: string[], file: string): string {
  let out = source;
  for (const name of names) {
    const start = new RegExp(`\\n    (?:get )?${name}\\(`).exec(out);
    const end = start ? out.indexOf('\n    }\n', start.index) : -1;
    if (!start || end < 0) throw new Error(`slim-socket.io: ${name} not found in ${file}`);
    out = out.slice(0, start.index) + out.slice(end + '\n    }'.length);
  }
  return out;
}

/**
 * Trims socket.io-client for the shopper widget (over 2 KB gzip) without forking it:
 * - transports: WebSocket and long-polling only, the polling over engine.io-client's own fetch() transport
 *   rather than its XHR one (0.7 KB gzip smaller; same protocol, the server sees no difference). One
 *   difference: fetch polling sends no cookies (`credentials: "omit"`) where XHR did on a same-origin page, so
 *   a load balancer that is sticky by cookie keeps a polling shopper only on a cross-origin page (as before);
 *   README's advice stands (sticky sessions, or WebSocket only). WebTransport is never requested by the widget,
 *   but engine.io-client's transport table and index import it (and the stream codecs it needs) unconditionally.
 * - class members nothing in the chat runs (the socket's onAny and kin, the transport upgrade…) are cut: UNUSED_MEMBERS.
 * - binary packets: Parley's event contract (shared/events.ts) is JSON only, so the binary
 *   (de)construction helpers are replaced by identity functions; a binary payload is never produced.
 * - the Manager's parser: Encoder and Decoder imported by name, not as a namespace object.
 * - URI parsing: engine.io's 1 KB regex parser (kept for platforms without `URL`) is replaced by the
 *   platform's URL, returning the fields socket.io-client and engine.io-client read.
 */
export const slimSocketIo: Plugin = {
  name: 'slim-socket.io',
  setup(b) {
    const stubs: [RegExp, string][] = [
      [
        /engine\.io-client[\\/]build[\\/]esm[\\/]transports[\\/]index\.js$/,
        'import { Fetch } from "./polling-fetch.js"; import { WS } from "./websocket.js"; export const transports = { websocket: WS, polling: Fetch };',
      ],
      [
        /socket\.io-parser[\\/]build[\\/]esm[\\/]binary\.js$/,
        'export const deconstructPacket = (packet) => ({ packet, buffers: [] }); export const reconstructPacket = (packet) => packet;',
      ],
      // The Manager needs only these; the package's index also re-exports every transport, and the XHR one
      // runs code at import (a CORS probe, an unload listener) that keeps it in the bundle though unused.
      [
        /engine\.io-client[\\/]build[\\/]esm[\\/]index\.js$/,
        'export { Socket } from "./socket.js"; export { installTimerFunctions } from "./util.js"; export { nextTick } from "./globals.node.js";',
      ],
      // The chat opens its socket through Manager (widget/chat/shopper-socket.ts): io()'s URL parser and cache stay out.
      [/socket\.io-client[\\/]build[\\/]esm[\\/]index\.js$/, 'export { Manager } from "./manager.js";'],
      // Base64 packets (binary over polling, never sent by Parley) decode with the platform's atob, not a lookup table.
      [
        /engine\.io-parser[\\/]build[\\/]esm[\\/]contrib[\\/]base64-arraybuffer\.js$/,
        'export const decode = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0)).buffer;',
      ],
      [/socket\.io-parser[\\/]build[\\/]esm[\\/]is-binary\.js$/, 'export const isBinary = () => false; export const hasBinary = () => false;'],
      [
        /engine\.io-client[\\/]build[\\/]esm[\\/]contrib[\\/]parseuri\.js$/,
        `export function parse(source) {
          const u = new URL(/^(https?|wss?):\\/\\//.test(source) ? source : "http://" + source);
          const queryKey = {};
          u.searchParams.forEach((v, k) => { queryKey[k] = v; });
          return { source, protocol: u.protocol.slice(0, -1), host: u.hostname.replace(/^\\[|\\]$/g, ""), port: u.port, path: u.pathname, query: u.search.slice(1), queryKey };
        }`,
      ],
    ];
    for (const [filter, contents] of stubs) b.onLoad({ filter }, (a) => ({ contents, loader: 'js', resolveDir: path.dirname(a.path) }));
    for (const [filter, names] of UNUSED_MEMBERS) {
      b.onLoad({ filter }, async (a) => ({ contents: dropMembers(await readFile(a.path, 'utf8'), names, a.path), loader: 'js', resolveDir: path.dirname(a.path) }));
    }
    // The Manager needs only the parser's Encoder and Decoder: a namespace import would make esbuild add its
    // namespace helper, which code splitting then puts in a chunk of its own that opening the chat must fetch.
    b.onLoad({ filter: /socket\.io-client[\\/]build[\\/]esm[\\/]manager\.js$/ }, async (a) => ({
      contents: dropMembers(await readFile(a.path, 'utf8'), ['connect'], a.path).replace(
        'import * as parser from "socket.io-parser";',
        'import { Encoder, Decoder } from "socket.io-parser"; const parser = { Encoder, Decoder };',
      ),
      loader: 'js',
      resolveDir: path.dirname(a.path),
    }));
  },
};

const PARTS_DIR = /widget[\\/]chat[\\/]components[\\/]parts[\\/]/;
/**
 * The shared UI modules (widget/ui) that only the parts chunk holds in the chat build (uploads, files, the paperclip,
 * markdown): they borrow like the parts.
 */
const PARTS_UI = /widget[\\/]ui[\\/](upload-file|use-uploads|pending-uploads|attachments-view|attach-button|message-bubble|markdown|parse-markdown)\.tsx?$/;
const PARTS_RUNTIME = path.join(ROOT, 'widget/chat/components/parts/runtime.ts');
/**
 * What the parts borrow from the chat chunk (see parts/runtime.ts): Preact and the chat's own small shared modules
 * (the translator, the transport state's conversation updates, the error report and the locale check).
 */
const BORROWED = /^preact\/(hooks|jsx-runtime)$|\/(chat-context|hooks\/use-store|i18n\/translate|transport-state|shared\/limits|protocol\/storage-keys|loader\/report|loader\/parse-settings)$/;

/**
 * The chat's parts chunk (My requests, forms) takes Preact and a few modules from the chat chunk at run time
 * instead of importing them: anything both import would otherwise go to a third chunk that opening the chat
 * must also fetch. Their imports resolve to parts/runtime.ts, built here as live bindings that
 * initPartsRuntime fills; a name the parts import but the runtime lacks fails the build.
 */
export const partsRuntime: Plugin = {
  name: 'parts-runtime',
  setup(b) {
    b.onResolve({ filter: BORROWED }, (a) => (PARTS_DIR.test(a.importer) || PARTS_UI.test(a.importer) ? { path: PARTS_RUNTIME } : undefined));
    b.onLoad({ filter: /parts[\\/]runtime\.ts$/ }, async () => {
      const { PARTS_RUNTIME_NAMES: names } = await import(PARTS_RUNTIME);
      const list = (names as string[]).join(', ');
      return { contents: `export let ${list};\nexport function initPartsRuntime(r) { ({ ${list} } = r); }`, loader: 'js' };
    });
  },
};

/**
 * A static import of a parts module from the chat would put it in the chunk opening the chat fetches, where its
 * borrowed imports are never filled (initPartsRuntime runs when the parts chunk loads): fail the build instead.
 */
function assertPartsLazy(meta: Metafile, initialOutputs: string[]): void {
  for (const out of initialOutputs) {
    const held = Object.keys(meta.outputs[out]?.inputs ?? {}).filter((i) => PARTS_UI.test(i) || (PARTS_DIR.test(i) && !i.endsWith('runtime.ts')));
    if (held.length > 0) throw new Error(`the chat chunk holds parts modules (import them through hooks/use-parts): ${held.join(', ')}`);
  }
}

/** An output file to write: esbuild's, possibly re-minified. */
interface Emitted {
  path: string;
  contents: Uint8Array;
}

/**
 * A second minification pass with swc (already a dev dependency, for jest): its multi-pass compressor
 * takes ~3% more off esbuild's output (~0.8 KB gzip on the chat chunk), which the size budgets need.
 * Hashed names stay as esbuild computed them: still content-derived and deterministic.
 */
async function squeeze(files: OutputFile[], isModule: boolean): Promise<Emitted[]> {
  return Promise.all(
    files.map(async (f) => {
      if (!f.path.endsWith('.js')) return f;
      const { minify: swcMinify } = await import('@swc/core');
      const out = await swcMinify(f.text, { module: isModule, ecma: 2020, compress: { passes: 2, toplevel: true }, mangle: { toplevel: true } });
      return { path: f.path, contents: Buffer.from(out.code) };
    }),
  );
}

const rel = (outDir: string, file: Emitted): string => path.relative(outDir, file.path).split(path.sep).join('/');

async function writeOutputs(files: Emitted[]): Promise<void> {
  await Promise.all(
    files.map(async (f) => {
      await mkdir(path.dirname(f.path), { recursive: true });
      await writeFile(f.path, f.contents);
    }),
  );
}

/**
 * esbuild can leave an empty chunk that the chat and its parts both import (seen with the parts runtime): one
 * more round trip before the chat runs, for nothing. Drops such chunks and the imports of them.
 */
function dropEmptyChunks(files: OutputFile[]): OutputFile[] {
  const empty = files.filter((f) => f.path.endsWith('.js') && f.text.trim() === '').map((f) => path.basename(f.path));
  if (empty.length === 0) return files;
  const imports = new RegExp(`import\\s*["']\\./(${empty.map((n) => n.replace(/\./g, '\\.')).join('|')})["'];?`, 'g');
  return files
    .filter((f) => !empty.includes(path.basename(f.path)))
    .map((f) => {
      const text = f.path.endsWith('.js') ? f.text.replace(imports, '') : f.text;
      return text === f.text ? f : { path: f.path, hash: f.hash, text, contents: Buffer.from(text) };
    });
}

/** Output files an ESM output imports, transitively, by import kind (esbuild's metafile, paths relative to ROOT). */
function staticClosure(meta: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    for (const imp of meta.outputs[file]?.imports ?? []) {
      if (imp.kind !== 'import-statement' || seen.has(imp.path)) continue;
      seen.add(imp.path);
      visit(imp.path);
    }
  };
  visit(entry);
  return seen;
}

/** An entry's chunks (`*-chunk.*.js`), split into those it imports statically and those it loads lazily. */
function splitChunks(files: OutputFile[], entry: string, outDir: string, meta: Metafile): { initial: string[]; lazy: string[] } {
  const toMeta = (f: string): string => path.relative(ROOT, path.join(outDir, f)).split(path.sep).join('/');
  const initial = staticClosure(meta, toMeta(entry));
  const chunks = files.map((f) => rel(outDir, f)).filter((f) => /-chunk\.[^/]+\.js$/.test(f));
  return { initial: chunks.filter((f) => initial.has(toMeta(f))), lazy: chunks.filter((f) => !initial.has(toMeta(f))) };
}

interface ConsoleOut {
  js: string;
  css: string | null;
  chunks: { initial: string[]; lazy: string[] };
}

async function buildConsole(outDir: string, minify: boolean): Promise<ConsoleOut | null> {
  // The console is another engineer's entry: absent or broken, it must not stop the shopper widget.
  if (!existsSync(CONSOLE_ENTRY)) return null;
  try {
    const result = await build({
      ...common(minify),
      entryPoints: { console: CONSOLE_ENTRY },
      outdir: path.join(outDir, 'assets'),
      entryNames: '[name].[hash]',
      assetNames: 'console-[name].[hash]',
      chunkNames: 'console-chunk.[hash]',
      // ESM with splitting: the page loads it as a module; what the first screen does not show is a chunk.
      format: 'esm',
      splitting: true,
      metafile: true,
      loader: { '.svg': 'file', '.png': 'file', '.woff2': 'file' },
    });
    const files = result.outputFiles ?? [];
    await writeOutputs(minify ? await squeeze(files, true) : files);
    const js = files.find((f) => /[\\/]console\.[^/\\]+\.js$/.test(f.path));
    const css = files.find((f) => f.path.endsWith('.css'));
    if (!js) return null;
    return {
      js: rel(outDir, js),
      css: css ? rel(outDir, css) : null,
      chunks: splitChunks(files, rel(outDir, js), outDir, result.metafile),
    };
  } catch (err) {
    console.error('[build] console bundle failed:', err instanceof Error ? err.message : err);
    return null;
  }
}

async function pruneOldAssets(outDir: string, keep: Set<string>): Promise<void> {
  const dir = path.join(outDir, 'assets');
  const now = Date.now();
  for (const name of await readdir(dir).catch(() => [])) {
    if (keep.has(`assets/${name}`) || !/^(chat|console|i18n)[.-]/.test(name)) continue;
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info && now - info.mtimeMs > KEEP_OLD_ASSETS_MS) await rm(file, { force: true });
  }
}

/** Builds every bundle into outDir (default dist/) and writes outDir/manifest.json. */
export async function buildBundles(opts: BuildOptionsIn = {}): Promise<BuildManifest> {
  const outDir = path.resolve(opts.outDir ?? DEFAULT_OUT);
  const minify = opts.minify ?? true;
  const hash = await sourceHash();

  // The chat chunk and the catalogues first: their hashed names are baked into the loader.
  const chat = await build({
    ...common(minify),
    entryPoints: { chat: CHAT_ENTRY },
    outdir: path.join(outDir, 'assets'),
    entryNames: '[name].[hash]',
    chunkNames: 'chat-chunk.[hash]',
    format: 'esm',
    // What the panel's first screen does not draw (parts/) is a chunk requested as the panel first renders.
    splitting: true,
    metafile: true,
    plugins: [slimSocketIo, partsRuntime],
    // socket.io's private members (`this._reconnecting`, `io["_destroy"]`…) get short names: ~0.2 KB gzip. Only
    // socket.io's own code has `_`-prefixed properties here (none cross the wire, storage or the DOM), and the
    // chat and its parts are one build, so every use of a name is renamed alike.
    mangleProps: /^_[a-z]/,
    mangleQuoted: true,
  });
  // Catalogues on their own (no splitting): each is one self-contained file fetched beside the chat.
  const catalogues = await build({
    ...common(minify),
    entryPoints: { 'i18n-en': LOCALE_ENTRIES.en, 'i18n-zh': LOCALE_ENTRIES.zh },
    outdir: path.join(outDir, 'assets'),
    entryNames: '[name].[hash]',
    format: 'esm',
  });
  const chatOnly = dropEmptyChunks(chat.outputFiles ?? []);
  const chatFiles = [...chatOnly, ...(catalogues.outputFiles ?? [])];
  const named = (prefix: string): string => {
    const file = chatFiles.find((f) => path.basename(f.path).startsWith(prefix + '.'));
    if (!file) throw new Error(`esbuild produced no ${prefix} chunk`);
    return rel(outDir, file);
  };
  const chatPath = named('chat');
  const locales = { en: named('i18n-en'), zh: named('i18n-zh') };
  const chatChunks = splitChunks(chatOnly, chatPath, outDir, chat.metafile);
  assertPartsLazy(chat.metafile, [chatPath, ...chatChunks.initial].map((f) => path.relative(ROOT, path.join(outDir, f)).split(path.sep).join('/')));

  const loader = await build({
    ...common(minify),
    entryPoints: [LOADER_ENTRY],
    outfile: path.join(outDir, 'widget.js'),
    format: 'iife',
    // No "use strict" prologue (tsconfig's `strict` adds one): the IIFE's code runs the same without it, and
    // every byte of widget.js is paid on every page view.
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
    define: {
      ...common(minify).define,
      // The chat, then the chunks it imports statically: prefetched with it so its first open costs one round trip.
      __PARLEY_CHAT__: JSON.stringify([chatPath, ...chatChunks.initial]),
      __PARLEY_I18N__: JSON.stringify(locales),
    },
  });
  const squeezed = minify ? [...(await squeeze(chatFiles, true)), ...(await squeeze(loader.outputFiles ?? [], false))] : [...chatFiles, ...(loader.outputFiles ?? [])];
  await writeOutputs(squeezed);
  const consoleOut = await buildConsole(outDir, minify);

  const manifest: BuildManifest = {
    loader: 'widget.js',
    chat: chatPath,
    console: consoleOut?.js ?? null,
    consoleCss: consoleOut?.css ?? null,
    consoleChunks: consoleOut?.chunks ?? { initial: [], lazy: [] },
    chatChunks,
    locales,
    sourceHash: hash,
    builtAt: Date.now(),
  };
  // Atomic replace: a server reading the manifest never sees half a file.
  const tmp = path.join(outDir, `manifest.json.${process.pid}.tmp`);
  await writeFile(tmp, JSON.stringify(manifest, null, 2) + '\n');
  await rename(tmp, path.join(outDir, 'manifest.json'));
  const files = manifestFiles(manifest);
  await precompress(outDir, files);
  await pruneOldAssets(outDir, new Set(files.flatMap((f) => [f, `${f}.gz`, `${f}.br`])));
  return manifest;
}

/**
 * Writes .gz and .br beside each bundle so the server sends them compressed without spending CPU per
 * request: the chat chunk is ~22 KB on the wire instead of ~60 KB.
 */
async function precompress(outDir: string, files: string[]): Promise<void> {
  await Promise.all(
    files.map(async (f) => {
      const file = path.join(outDir, f);
      const raw = await readFile(file);
      await writeFile(`${file}.gz`, gzipSync(raw, { level: 9 }));
      await writeFile(`${file}.br`, brotliCompressSync(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }));
    }),
  );
}

/** Every file a manifest lists (older manifests may lack `locales`). */
function manifestFiles(m: BuildManifest): string[] {
  const chunks = [m.consoleChunks, m.chatChunks].flatMap((c) => (c ? [...c.initial, ...c.lazy] : []));
  return [m.loader, m.chat, ...Object.values(m.locales ?? {}), m.console, m.consoleCss, ...chunks].filter((f): f is string => typeof f === 'string');
}

async function readManifest(outDir: string): Promise<BuildManifest | null> {
  try {
    return JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8')) as BuildManifest;
  } catch {
    return null;
  }
}

/** Rebuilds only when the manifest is missing, a listed file is gone, or the sources changed. */
export async function ensureBundles(opts: { outDir?: string } = {}): Promise<BuildManifest> {
  const outDir = path.resolve(opts.outDir ?? DEFAULT_OUT);
  const manifest = await readManifest(outDir);
  if (manifest && manifest.sourceHash === (await sourceHash())) {
    if (manifestFiles(manifest).every((f) => existsSync(path.join(outDir, f)))) return manifest;
  }
  return buildBundles({ outDir });
}

/** Raw and gzip sizes of the manifest's files, for the CLI and scripts/size.ts. */
export async function describeBundles(outDir: string, manifest: BuildManifest): Promise<{ file: string; bytes: Buffer }[]> {
  return Promise.all(manifestFiles(manifest).map(async (file) => ({ file, bytes: await readFile(path.join(outDir, file)) })));
}

/** Are the build tools installed? Not in a production install, which serves bundles built elsewhere. */
function canBuild(): boolean {
  try {
    require.resolve('esbuild');
    require.resolve('@swc/core');
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--if-missing')) {
    // `npm start`: build only when missing or stale, and only where the build tools are installed; the
    // server itself reports missing bundles clearly. BUILD_ON_START=false skips this step.
    if (process.env.BUILD_ON_START === 'false' || !canBuild()) return;
    await ensureBundles();
    return;
  }
  const started = Date.now();
  const manifest = await buildBundles();
  for (const { file, bytes } of await describeBundles(DEFAULT_OUT, manifest)) {
    const kb = (n: number): string => (n / 1024).toFixed(1).padStart(7) + ' KB';
    console.log(`${('dist/' + file).padEnd(44)}${kb(bytes.length)}${kb(gzipSync(bytes, { level: 9 }).length)} gzip`);
  }
  console.log(`built in ${Date.now() - started} ms (sources ${manifest.sourceHash})`);
  if (existsSync(CONSOLE_ENTRY) && manifest.console === null) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
