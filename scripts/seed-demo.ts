/**
 * `npm run seed`: a demo team (a supervisor and two agents with departments) so routing can be tried by
 * hand. All share the password in PARLEY_AGENT_PASSWORD (default "parley-demo"). Existing e-mails are skipped.
 */
import { AppError } from '../shared/errors';
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
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`seed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
