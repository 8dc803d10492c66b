/**
 * `npm run create-agent -- --email ana@shop.example --name Ana [--role agent|supervisor|admin]
 *   [--departments orders,returns] [--max-chats 5]`. The password comes from PARLEY_AGENT_PASSWORD,
 * or is generated and printed once.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createAgentSchema } from '../shared/schemas';
import { hashPassword } from '../server/auth/passwords';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { openStore } from '../server/store/open-store';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', default: 'agent' },
      departments: { type: 'string', default: 'general' },
      'max-chats': { type: 'string', default: '5' },
    },
  });
  const generated = process.env.PARLEY_AGENT_PASSWORD ? null : randomBytes(9).toString('base64url');
  const input = createAgentSchema.safeParse({
    email: values.email,
    name: values.name,
    role: values.role,
    departments: values.departments?.split(',').map((d) => d.trim()).filter(Boolean),
    maxChats: Number(values['max-chats']),
    password: process.env.PARLEY_AGENT_PASSWORD ?? generated,
  });
  if (!input.success) {
    const issue = input.error.issues[0];
    throw new Error(`--${String(issue?.path[0])}: ${issue?.message}`);
  }
  const config = loadConfig(process.env);
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, logger: createLogger('warn') });
  try {
    const { password, ...rest } = input.data;
    const agent = await store.agents.create({ ...rest, passwordHash: await hashPassword(password) });
    process.stdout.write(`created ${agent.role} ${agent.email} (${agent.id})${generated ? `\npassword: ${generated}` : ''}\n`);
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`create-agent: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
