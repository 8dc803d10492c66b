/**
 * `npm run size`: builds the bundles minified and prints raw, gzip (level 9) and brotli sizes against
 * the budgets; exits 1 when a budgeted file is over. Budgets are what a shopper downloads:
 * the loader on every page view, the chat chunk (+ one locale catalogue) when the chat opens, and the
 * console's first load (entry + the chunks it imports statically + CSS: the login screen; the workspace is a chunk).
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { buildBundles, describeBundles, type BuildManifest } from './build';

const KB = 1024;
/** What an agent's browser downloads before the login screen shows (gzip). */
const CONSOLE_FIRST_LOAD_BUDGET = 35 * KB;
/** What opening the chat downloads (gzip), besides its catalogue. */
const CHAT_BUDGET = 25 * KB;

interface Row {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
  budget: number | null;
}

function measure(file: string, bytes: Buffer, budget: number | null): Row {
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    budget,
  };
}

/** Gzip budget per manifest file (null: reported, not budgeted). */
function budgets(m: BuildManifest): Map<string, number> {
  const map = new Map<string, number>([
    [m.loader, 3 * KB],
    [m.chat, CHAT_BUDGET],
  ]);
  return map;
}

async function main(): Promise<void> {
  const outDir = 'dist';
  const manifest = await buildBundles({ outDir, minify: true });
  const limits = budgets(manifest);
  const rows = (await describeBundles(outDir, manifest)).map(({ file, bytes }) => measure(file, bytes, limits.get(file) ?? null));
  const catalogues = rows.filter((r) => Object.values(manifest.locales).includes(r.file));
  const largest = catalogues.sort((a, b) => b.gzip - a.gzip)[0];
  const fmt = (n: number): string => (n / KB).toFixed(2).padStart(9);
  const line = (r: Row, over: boolean): string =>
    `${r.file.padEnd(36)}${fmt(r.raw)}${fmt(r.gzip)}${fmt(r.brotli)}${r.budget === null ? '        —' : fmt(r.budget)}${over ? '  OVER' : ''}`;
  console.log(`${'file (KB)'.padEnd(36)}${'raw'.padStart(9)}${'gzip'.padStart(9)}${'brotli'.padStart(9)}${'budget'.padStart(9)}`);
  let failed = false;
  for (const r of rows) {
    const over = r.budget !== null && r.gzip > r.budget;
    failed ||= over;
    console.log(line(r, over));
  }
  // Opening the chat fetches the entry and the chunks it imports statically: the chat budget covers them together.
  const chatFirst = [manifest.chat, ...(manifest.chatChunks?.initial ?? [])];
  const chatRows = rows.filter((r) => chatFirst.includes(r.file));
  const sumOf = (rs: Row[], k: 'raw' | 'gzip' | 'brotli'): number => rs.reduce((n, r) => n + r[k], 0);
  const chat: Row | undefined = chatRows.length
    ? { file: 'chat first load (entry + chunks)', raw: sumOf(chatRows, 'raw'), gzip: sumOf(chatRows, 'gzip'), brotli: sumOf(chatRows, 'brotli'), budget: CHAT_BUDGET }
    : undefined;
  if (chat && chatRows.length > 1) {
    const over = chat.gzip > CHAT_BUDGET;
    failed ||= over;
    console.log(line(chat, over));
  }
  if (chat && largest) {
    // What opening the chat costs: the chunk plus the (largest) catalogue, fetched in parallel.
    const total = { file: 'on open: chat + largest catalogue', raw: chat.raw + largest.raw, gzip: chat.gzip + largest.gzip, brotli: chat.brotli + largest.brotli, budget: null };
    console.log(line(total, false));
  }
  const firstLoad = [manifest.console, ...(manifest.consoleChunks?.initial ?? []), manifest.consoleCss];
  const consoleRows = rows.filter((r) => firstLoad.includes(r.file));
  if (manifest.console) {
    const sum = (k: 'raw' | 'gzip' | 'brotli'): number => consoleRows.reduce((n, r) => n + r[k], 0);
    const total = { file: 'console first load (JS + CSS)', raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli'), budget: CONSOLE_FIRST_LOAD_BUDGET };
    const over = total.gzip > CONSOLE_FIRST_LOAD_BUDGET;
    failed ||= over;
    console.log(line(total, over));
  }
  if (failed) {
    console.error('\nsize budget exceeded');
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
