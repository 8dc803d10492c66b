/**
 * Issue 16 (privacy in the console): an admin exports a shopper's data as a JSON download and erases it after
 * a confirm step, from the customer panel; an ordinary agent has no such buttons.
 */
import fs from 'node:fs';
import type { ShopperConversationView } from '../../shared/model';
import { callOk, clientId, waitFor } from '../integration/harness';
import { inboxItem, openConsole, poll, screenshot, useE2e } from './e2e-harness';

const env = useE2e({ timeoutMs: 60_000 });

async function waitingShopper(text: string): Promise<string> {
  const shopper = await env.server.shopper();
  await callOk(shopper, 'message:send', { clientId: clientId(), text });
  const waiting = waitFor<ShopperConversationView>(shopper, 'conversation:updated', (c) => c.status === 'waiting');
  await callOk(shopper, 'handoff:request', {});
  return (await waiting).id;
}

test('an admin exports the shopper’s data as a JSON file, then erases it after confirming', async () => {
  const conversationId = await waitingShopper('PRIVACY-MARKER my address is 1 Elm St');
  const admin = await openConsole(env.browser, env.server.url, await env.server.createAgent({ name: 'Ada Admin', role: 'admin' }));
  const { page } = admin;
  await inboxItem(page, conversationId).getByRole('button').first().click();
  const privacy = page.getByTestId('privacy-actions');
  await privacy.waitFor();
  expect(await privacy.innerText()).toContain('Everything stored about this visitor.');

  const [download] = await Promise.all([page.waitForEvent('download'), privacy.getByTestId('privacy-export').click()]);
  expect(download.suggestedFilename()).toMatch(/^parley-shopper-.+\.json$/);
  const exported = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as Record<string, unknown>;
  expect(JSON.stringify(exported)).toContain('PRIVACY-MARKER');
  await page.getByText('The shopper\'s data was downloaded.').waitFor();

  // Erasing asks first; cancelling keeps everything.
  await privacy.getByTestId('privacy-erase').click();
  await privacy.getByTestId('privacy-confirm').waitFor();
  await screenshot(page, 'console-privacy-confirm.png');
  await privacy.getByRole('button', { name: 'Cancel' }).click();
  expect(await env.server.store.conversations.get(conversationId)).not.toBeNull();

  await privacy.getByTestId('privacy-erase').click();
  await privacy.getByTestId('privacy-erase-confirm').click();
  await page.getByText('The shopper\'s data was erased.').waitFor();
  await poll(() => env.server.store.conversations.get(conversationId), (c) => expect(c).toBeNull());
  await privacy.waitFor({ state: 'detached' });
  expect(admin.errors).toEqual([]);
  await admin.context.close();
});

test('an ordinary agent sees the customer panel without the privacy buttons', async () => {
  const conversationId = await waitingShopper('hello there');
  const agent = await openConsole(env.browser, env.server.url, await env.server.createAgent({ name: 'Al Agent' }));
  await inboxItem(agent.page, conversationId).getByRole('button').first().click();
  await agent.page.getByTestId('customer-panel').waitFor();
  expect(await agent.page.getByTestId('privacy-actions').count()).toBe(0);
  await agent.context.close();
});
