/**
 * Issue 15 (console resend), in the real console: the server stores an agent's reply but the connection dies
 * before the ack leaves. The console resends it by itself on reconnect, under the same clientId: the shopper
 * and the store have it once, and the agent's transcript shows it once.
 */
import type { Socket } from 'socket.io';
import type { Message } from '../../shared/model';
import { inboxItem, openConsole, waitingShopper, poll, useE2e } from './e2e-harness';

// A grace period longer than the console's reconnect (socket.io's backoff: 0.5 to 1.5 s, more on a busy machine):
// with the harness's 1 s the chat was often requeued meanwhile, and the resend raced sticky routing handing it back.
const env = useE2e({ timeoutMs: 90_000, env: { AGENT_GRACE_SECONDS: '10' } });

test('a reply whose ack was lost to a dropped connection is resent on reconnect and stored once', async () => {
  const agent = await env.server.createAgent({ name: 'Rita Resend' });
  const { page, context, errors } = await openConsole(env.browser, env.server.url, agent);
  const { shopper, id } = await waitingShopper(env.server);
  await inboxItem(page, id).getByTestId('take-button').click();
  const view = page.locator(`[data-testid="conversation-view"][data-conversation-id="${id}"][data-status="assigned"]`);
  await view.waitFor();

  // The next reply is stored, then the connection dies before its ack is sent.
  let isArmed = true;
  for (const socket of env.server.app.io.of('/agent').sockets.values()) {
    socket.use((packet, next) => {
      if (packet[0] === 'message:send' && isArmed && typeof packet[packet.length - 1] === 'function') {
        isArmed = false;
        packet[packet.length - 1] = () => (socket as Socket).conn.close();
      }
      next();
    });
  }
  const heard: Message[] = [];
  shopper.on('message:created', (m) => void (m.sender === 'agent' && heard.push(m)));
  await view.getByTestId('reply-box').fill('RESEND-MARKER your parcel left the warehouse');
  await view.getByTestId('send-button').click();

  await poll(
    async () => (await env.server.store.messages.listSince(id, 0)).filter((m) => m.text.startsWith('RESEND-MARKER')).length,
    (n) => expect(n).toBe(1),
  );
  // The console got its ack on the resend and shows the reply once; nothing was stored twice.
  await view.getByTestId('message-agent').filter({ hasText: 'RESEND-MARKER' }).waitFor();
  await new Promise((r) => setTimeout(r, 1500));
  expect(await view.getByTestId('message-agent').filter({ hasText: 'RESEND-MARKER' }).count()).toBe(1);
  expect((await env.server.store.messages.listSince(id, 0)).filter((m) => m.text.startsWith('RESEND-MARKER'))).toHaveLength(1);
  expect(heard.filter((m) => m.text.startsWith('RESEND-MARKER'))).toHaveLength(1);
  // Resent to the chat the agent still holds: it never went back to the queue while they were away.
  expect((await env.server.store.messages.listSince(id, 0)).filter((m) => m.event?.kind === 'requeued')).toEqual([]);
  expect(await view.getByTestId('reply-box').inputValue()).toBe('');
  expect(errors.filter((e) => !/WebSocket|socket\.io/i.test(e))).toEqual([]);
  await context.close();
});
