/**
 * Bench child: the intent engine alone. Builds a bot for the retail KB and for BANKING77's training
 * set (10k utterances, 77 intents), then classifies every utterance of each (bounded: at most
 * `maxQueries`) and reports build time, heap and RSS growth, classify p50/p99 and throughput.
 * Runs in its own process so memory figures are this engine's only.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBot, type Bot } from '../../server/bot/create-bot';
import { loadKb } from '../../server/bot/load-kb';
import { labelledKb } from '../eval/labelled-kb';
import { readCsv } from '../eval/read-dataset';
import { percentile } from './stats';

export interface BotBenchRow {
  name: string;
  intents: number;
  utterances: number;
  buildMs: number;
  /** Heap and RSS added by building the bot. */
  heapMb: number;
  rssMb: number;
  queries: number;
  classifyP50Ms: number;
  classifyP99Ms: number;
  perSecond: number;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
/** Built bots stay referenced, so a later measurement's collection does not free an earlier one. */
const kept: Bot[] = [];
const gc = () => (globalThis as { gc?: () => void }).gc?.();

function measure(name: string, build: () => Bot, texts: string[], maxQueries: number): BotBenchRow {
  gc();
  const before = process.memoryUsage();
  const started = performance.now();
  const bot = build();
  const buildMs = performance.now() - started;
  kept.push(bot);
  gc();
  const after = process.memoryUsage();
  const queries = texts.slice(0, maxQueries);
  for (const t of queries.slice(0, 200)) bot.classify(t);
  const latencies: number[] = [];
  const t0 = performance.now();
  for (const t of queries) {
    const s = performance.now();
    bot.classify(t);
    latencies.push(performance.now() - s);
  }
  const total = performance.now() - t0;
  return {
    name,
    intents: bot.kb.intents.length,
    utterances: bot.kb.intents.reduce((n, i) => n + i.utterances.en.length + i.utterances.zh.length, 0),
    buildMs: Math.round(buildMs),
    heapMb: round((after.heapUsed - before.heapUsed) / 2 ** 20, 1),
    rssMb: round((after.rss - before.rss) / 2 ** 20, 1),
    queries: queries.length,
    classifyP50Ms: round(percentile(latencies, 50), 3),
    classifyP99Ms: round(percentile(latencies, 99), 3),
    perSecond: Math.round((queries.length / total) * 1000),
  };
}

async function main(): Promise<void> {
  const [banking, maxQueries] = [process.argv[2], Number(process.argv[3] ?? '3000')];
  const rows: BotBenchRow[] = [];
  const retail = await loadKb(path.join(__dirname, '../../kb/retail'));
  const retailTexts = retail.intents.flatMap((i) => [...i.utterances.en, ...i.utterances.zh]);
  rows.push(measure('kb/retail', () => createBot(retail), retailTexts, maxQueries));
  if (banking) {
    const train = await readCsv(banking);
    rows.push(measure('BANKING77 train', () => createBot(labelledKb(train, 'banking77')), train.map((e) => e.text), maxQueries));
  }
  process.stdout.write(`${JSON.stringify(rows)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bot-bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
