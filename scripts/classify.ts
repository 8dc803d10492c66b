/**
 * `npm run classify -- --kb kb/retail`: one utterance per stdin line in, one JSON object per line out:
 * {"text","intent","confidence","decision","candidates":[{"intent","confidence"}]}.
 * Other tools parse stdout, so nothing else is written there; errors go to stderr.
 * Each line is judged on its own (no conversation state: zero prior fallbacks), and every input line
 * gets an output line, blank ones included, so callers can zip input and output.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createBot } from '../server/bot/create-bot';
import { loadKb } from '../server/bot/load-kb';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { kb: { type: 'string', default: 'kb/retail' } } });
  const bot = createBot(await loadKb(values.kb));
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const text = line.trim();
    const r = bot.respond(text, { consecutiveFallbacks: 0 });
    const out = { text, intent: r.intent, confidence: r.confidence, decision: r.decision, candidates: r.candidates };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`classify: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
