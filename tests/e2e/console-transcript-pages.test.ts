/**
 * A long chat in the real console: the transcript opens on the chat's latest messages, and "Load earlier
 * messages" on top puts the previous page above them without moving what the agent was reading.
 */
import { inboxItem, openConsole, waitingShopper, useE2e } from './e2e-harness';

const env = useE2e({ timeoutMs: 90_000 });

test('a 450-message chat opens on its end; "Load earlier messages" adds pages above and keeps the scroll position', async () => {
  const agent = await env.server.createAgent({ name: 'Lena Long' });
  const { page, context, errors } = await openConsole(env.browser, env.server.url, agent);
  const { id } = await waitingShopper(env.server);
  // Written straight to the store: 450 messages through the widget would take minutes.
  for (let i = 0; i < 450; i += 1) {
    await env.server.store.messages.append({ conversationId: id, clientId: null, sender: 'shopper', text: `line ${i}` });
  }
  await inboxItem(page, id).getByTestId('take-button').click();
  const view = page.locator(`[data-testid="conversation-view"][data-conversation-id="${id}"][data-status="assigned"]`);
  await view.waitFor();
  const box = view.getByTestId('transcript');
  const line = (n: number) => box.getByTestId('message-shopper').filter({ hasText: new RegExp(`line ${n}\\b`) });

  await line(449).waitFor();
  expect(await line(0).count()).toBe(0);
  const button = box.getByRole('button', { name: 'Load earlier messages' });

  // Scrolled to the top, the agent reads the oldest line shown; loading must leave it where it is.
  await box.evaluate((el) => (el.scrollTop = 0));
  const oldest = box.getByTestId('message-shopper').first();
  const oldestSeq = await oldest.getAttribute('data-seq');
  const before = (await oldest.boundingBox())!.y;
  await button.click();
  await line(100).waitFor({ state: 'attached' });
  const kept = box.locator(`[data-seq="${oldestSeq}"]`);
  expect(Math.abs((await kept.boundingBox())!.y - before)).toBeLessThan(2);

  await box.evaluate((el) => (el.scrollTop = 0));
  await button.click();
  await line(0).waitFor();
  expect(await button.count()).toBe(0);
  expect(await box.getByTestId('message-shopper').count()).toBe(450);
  expect(errors).toEqual([]);
  await context.close();
});
