/** First-start chores shared by main.ts and scripts: the token secret and the demo agent. */
import { randomBytes } from 'node:crypto';
import { hashPassword } from './auth/passwords';
import type { Store } from './store/store';

/** The configured secret, or one generated once and kept in the store (first instance to start wins). */
export async function resolveSecret(store: Store, configured: string | null): Promise<string> {
  if (configured) return configured;
  return store.setSettingIfAbsent('token_secret', randomBytes(32).toString('base64url'));
}

/**
 * Creates the demo agent when the store has no agents at all. Returns the password only when it was
 * generated here, so it can be shown once; a configured password is never echoed.
 */
export async function ensureDemoAgent(
  store: Store,
  demo: { email: string; password: string | null; name: string },
  departments: string[],
): Promise<{ email: string; generatedPassword: string | null } | null> {
  if ((await store.agents.count()) > 0) return null;
  const generatedPassword = demo.password ? null : randomBytes(9).toString('base64url');
  await store.agents.create({
    email: demo.email,
    name: demo.name,
    passwordHash: await hashPassword(demo.password ?? generatedPassword ?? ''),
    role: 'admin',
    departments,
    maxChats: 5,
  });
  return { email: demo.email, generatedPassword };
}
