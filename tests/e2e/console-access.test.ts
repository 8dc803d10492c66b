/**
 * A chat or a case that a supervisor moves away from an agent leaves that agent's open console: the transcript
 * or thread, internal notes included, goes from the screen, and a notice says why. Before, both stayed. So does
 * a chat open as a queue preview once another agent takes it.
 */
import type { Case } from '../../shared/cases';
import { callOk, clientId } from '../integration/harness';
import { inboxItem, openConsole, useE2e, waitingShopper } from './e2e-harness';

const env = useE2e({ timeoutMs: 90_000 });

test('a chat transferred away by a supervisor: its transcript and notes leave the console', async () => {
  const ann = await env.server.createAgent({ name: 'Ann Agent' });
  const colleague = await env.server.createAgent({ name: 'Bo Colleague' });
  const colleagueSocket = await env.server.agent(colleague);
  const supervisor = await env.server.agent(await env.server.createAgent({ name: 'Sue Lead', role: 'supervisor' }));
  const annSocket = await env.server.agent(ann);
  const { id } = await waitingShopper(env.server);
  await callOk(annSocket, 'conversation:take', { conversationId: id });
  await callOk(annSocket, 'message:send', { conversationId: id, clientId: clientId(), text: 'NOTE-MARKER refund approved', internal: true });

  const console_ = await openConsole(env.browser, env.server.url, ann);
  const { page } = console_;
  await page.getByTestId('tab-mine').click();
  await inboxItem(page, id).getByRole('button').first().click();
  await page.getByTestId('message-note').filter({ hasText: 'NOTE-MARKER' }).waitFor();

  await callOk(supervisor, 'conversation:transfer', { conversationId: id, toAgentId: colleague.id });
  await page.getByText('A chat you had open was moved away from you').waitFor();
  await page.getByTestId('transcript').waitFor({ state: 'detached' });
  expect(await page.getByText('NOTE-MARKER').count()).toBe(0);
  expect(console_.errors).toEqual([]);
  await console_.context.close();
  for (const s of [colleagueSocket, supervisor, annSocket]) s.disconnect();
});

test('a case moved to a department the agent does not serve: its thread and notes leave the console', async () => {
  const ann = await env.server.createAgent({ name: 'Ann Cases', departments: ['general'] });
  const supervisor = await env.server.agent(await env.server.createAgent({ name: 'Sue Cases', role: 'supervisor' }));
  const now = Date.now();
  const c: Case = await env.server.store.cases.create({
    siteId: 'demo', priority: 'B', department: 'general', category: 'general', subject: 'Parcel never arrived', locale: 'en',
    source: 'form', customerId: null, visitorId: null, conversationId: null, contactName: 'Mei Chen', contactEmail: 'mei@example.com',
    assigneeId: null, firstResponseDueAt: now + 3_600_000, resolutionDueAt: now + 7_200_000, tierDueAt: null, createdAt: now,
    actor: { kind: 'customer', id: null },
  });
  await env.server.store.cases.appendMessage({ caseId: c.id, kind: 'shopper', authorId: null, authorName: 'Mei Chen', text: 'Where is it?', createdAt: now });
  await env.server.store.cases.appendMessage({ caseId: c.id, kind: 'note', authorId: ann.id, authorName: ann.name, text: 'CASE-NOTE-MARKER', createdAt: now });

  const console_ = await openConsole(env.browser, env.server.url, ann);
  const { page } = console_;
  await page.getByTestId('tab-cases').click();
  await page.locator(`[data-testid="case-item"][data-case-id="${c.id}"]`).click();
  await page.getByTestId('case-message').filter({ hasText: 'CASE-NOTE-MARKER' }).waitFor();

  await callOk(supervisor, 'case:escalate', { caseId: c.id, tier: 'L2', reason: 'needs billing', department: 'billing' });
  await page.getByTestId('case-detail').waitFor({ state: 'detached' });
  expect(await page.getByText('CASE-NOTE-MARKER').count()).toBe(0);
  await console_.context.close();
  supervisor.disconnect();
});

test('a chat previewed from the queue and taken by another agent: the preview closes with a notice', async () => {
  const ann = await env.server.createAgent({ name: 'Ann Preview' });
  const colleagueSocket = await env.server.agent(await env.server.createAgent({ name: 'Bo Taker' }));
  const { id } = await waitingShopper(env.server);

  const console_ = await openConsole(env.browser, env.server.url, ann);
  const { page } = console_;
  await page.getByTestId('tab-waiting').click();
  await inboxItem(page, id).getByRole('button').first().click();
  await page.getByTestId('transcript').waitFor();

  await callOk(colleagueSocket, 'conversation:take', { conversationId: id });
  await page.getByText('The chat you were previewing was taken by another agent').waitFor();
  await page.getByTestId('transcript').waitFor({ state: 'detached' });
  expect(console_.errors).toEqual([]);
  await console_.context.close();
  colleagueSocket.disconnect();
});
