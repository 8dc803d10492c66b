/**
 * `npm run seed`: a demo team (a supervisor and two agents with departments) so routing can be tried by
 * hand. All share the password in PARLEY_AGENT_PASSWORD (default "parley-demo"). Existing e-mails are skipped.
 *
 * `npm run seed -- --conversations 300 [--days 14] [--force]`: also fills the store with that much history
 * (seed/seed-history.ts) for the dashboard, unless the demo site already has conversations (--force: anyway).
 */
import { parseArgs } from 'node:util';
import { AppError } from '../shared/errors';
import { seedHistory } from './seed/seed-history';
import { hashPassword } from '../server/auth/passwords';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { openStore } from '../server/store/open-store';

const TEAM = [
  { email: 'sam@demo.parley', name: 'Sam (supervisor)', role: 'supervisor' as const, departments: ['general', 'orders', 'returns', 'billing', 'technical'], maxChats: 3 },
  { email: 'olivia@demo.parley', name: 'Olivia (orders)', role: 'agent' as const, departments: ['orders', 'general'], maxChats: 4 },
  { email: 'wei@demo.parley', name: '王伟 (returns, 中文)', role: 'agent' as const, departments: ['returns', 'billing', 'general'], maxChats: 4 },
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { conversations: { type: 'string' }, days: { type: 'string' }, force: { type: 'boolean', default: false } },
  });
  const conversations = values.conversations === undefined ? 0 : Number(values.conversations);
  const days = values.days === undefined ? 14 : Number(values.days);
  if (!Number.isInteger(conversations) || conversations < 0 || conversations > 100_000) throw new Error('--conversations must be a whole number up to 100000');
  if (!Number.isInteger(days) || days < 1 || days > 365) throw new Error('--days must be 1 to 365');
  const password = process.env.PARLEY_AGENT_PASSWORD ?? 'parley-demo';
  const config = loadConfig(process.env);
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, logger: createLogger('warn') });
  try {
    const passwordHash = await hashPassword(password);
    for (const member of TEAM) {
      try {
        await store.agents.create({ ...member, passwordHash });
        process.stdout.write(`created ${member.email}\n`);
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'CONFLICT')) throw err;
        process.stdout.write(`exists  ${member.email}\n`);
      }
    }
    process.stdout.write(`password for new accounts: ${password}\n`);
    if (conversations > 0) {
      const existing = await store.conversations.list({ siteId: 'demo', limit: 1 });
      if (existing.length > 0 && !values.force) {
        process.stdout.write('the demo site already has conversations: no history added (--force adds it anyway)\n');
        return;
      }
      const emails = new Set(TEAM.map((m) => m.email));
      const agents = (await store.agents.list()).filter((a) => emails.has(a.email));
      const started = Date.now();
      const seeded = await seedHistory(store, { conversations, days, now: Date.now(), agents });
      process.stdout.write(
        `history: ${seeded.conversations} conversations (${seeded.handedOff} handed off), ${seeded.cases} cases, ${seeded.reviews} QA reviews over ${days} days in ${Date.now() - started} ms\n`,
      );
    }
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`seed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
