/**
 * Issue 11, the agent's side of cases: the Cases view lists cases with live countdowns (amber near the due
 * time, red once breached: cases created through the store with deadlines around now, so the colours are
 * deterministic), filters, a thread both ways (public reply and internal note), escalation to L2 with a
 * required reason that a supervisor in a second browser context is notified of and sees, bulk assignment,
 * a merge by number, a conflict shown with a reload hint, and Convert to case from a chat.
 */
import type { Case, CasePriority } from '../../shared/cases';
import type { ShopperConversationView } from '../../shared/model';
import { call, callOk, waitFor } from '../integration/harness';
import { inboxItem, openConsole, poll, screenshot, useE2e } from './e2e-harness';

const env = useE2e({ timeoutMs: 90_000 });

const MIN = 60_000;

/** A case straight in the store: deadlines relative to now, no tier timer (nothing escalates on its own). */
async function seedCase(subject: string, priority: CasePriority, createdAgoMin: number, firstResponseInMin: number, text: string): Promise<Case> {
  const now = Date.now();
  const c = await env.server.store.cases.create({
    siteId: 'demo',
    priority,
    department: 'general',
    category: 'general',
    subject,
    locale: 'en',
    source: 'form',
    customerId: null,
    visitorId: null,
    conversationId: null,
    contactName: 'Mei Chen',
    contactEmail: 'mei@example.com',
    assigneeId: null,
    firstResponseDueAt: now + firstResponseInMin * MIN,
    resolutionDueAt: now + (firstResponseInMin + 120) * MIN,
    tierDueAt: null,
    createdAt: now - createdAgoMin * MIN,
    actor: { kind: 'customer', id: null },
  });
  await env.server.store.cases.appendMessage({ caseId: c.id, kind: 'shopper', authorId: null, authorName: 'Mei Chen', text, createdAt: now - createdAgoMin * MIN });
  return c;
}

test('an agent filters, replies and notes, escalates to L2 with a reason; a supervisor is notified and sees it; bulk assign, merge, conflict', async () => {
  const omar = await env.server.createAgent({ name: 'Omar Haddad' });
  const sara = await env.server.createAgent({ name: 'Sara Lind', role: 'supervisor' });
  // 30 minutes to go of 30: green. 1 minute left of 5: amber. 10 minutes past due: red.
  const fresh = await seedCase('Parcel never arrived', 'B', 0, 30, 'My parcel for order 10023 never arrived.');
  const near = await seedCase('Charged twice', 'A', 4, 1, 'I was charged twice for one order.');
  const late = await seedCase('Broken zip on the overshirt', 'A', 40, -10, 'The zip broke on the first day.');
  const bulkA = await seedCase('Invoice copy, please', 'C', 1, 240, 'Could I get an invoice copy?');
  const bulkB = await seedCase('Gift wrap question', 'C', 2, 240, 'Do you gift wrap?');
  const gone = await seedCase('Never mind', 'C', 3, 240, 'Please ignore my last message.');

  const agent = await openConsole(env.browser, env.server.url, omar);
  const lead = await openConsole(env.browser, env.server.url, sara);
  const page = agent.page;
  await page.getByTestId('tab-cases').click();
  const row = (c: Case) => page.locator(`[data-testid="case-item"][data-case-id="${c.id}"]`);
  for (const c of [fresh, near, late, bulkA, bulkB, gone]) await row(c).waitFor();

  // Countdowns: coloured by the share of the target left, most urgent first.
  expect(await row(fresh).getByTestId('case-due').getAttribute('data-tone')).toBe('ok');
  expect(await row(near).getByTestId('case-due').getAttribute('data-tone')).toBe('amber');
  expect(await row(late).getByTestId('case-due').getAttribute('data-tone')).toBe('red');
  expect(await row(late).getByTestId('case-due').innerText()).toMatch(/overdue/);
  const order = await page.getByTestId('case-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-case-id')));
  expect(order.slice(0, 3)).toEqual([late.id, near.id, fresh.id]);

  // Filters: priority A, then only the overdue one, then back to everything.
  await page.getByTestId('cases-filter-priority').selectOption('A');
  await poll(() => page.getByTestId('case-item').count(), (n) => expect(n).toBe(2));
  await page.getByTestId('cases-filter-due').selectOption('overdue');
  await poll(() => page.getByTestId('case-item').count(), (n) => expect(n).toBe(1));
  await row(late).waitFor();
  await page.getByTestId('cases-filter-due').selectOption('any');
  await page.getByTestId('cases-filter-priority').selectOption('all');
  await poll(() => page.getByTestId('case-item').count(), (n) => expect(n).toBe(6));

  // The keyboard moves through the list as through the inbox: j opens the most urgent case, j again the next.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('j');
  await page.locator(`[data-testid="case-detail"][data-case-id="${late.id}"]`).waitFor();
  await page.keyboard.press('j');
  await page.locator(`[data-testid="case-detail"][data-case-id="${near.id}"]`).waitFor();

  // Open a case: the customer's message, then a public reply and an internal note, distinct.
  await row(fresh).locator('.row-main').click();
  const detail = page.getByTestId('case-detail');
  await detail.getByText('My parcel for order 10023 never arrived.').waitFor();
  await page.getByTestId('case-reply-input').fill('We found your parcel: it ships again today.');
  await page.getByTestId('case-send-reply').click();
  await detail.locator('[data-testid="case-message"][data-kind="reply"]', { hasText: 'it ships again today' }).waitFor();
  await page.getByTestId('case-reply-input').fill('Carrier claim filed, ref CL-881.');
  await page.getByTestId('case-add-note').click();
  const note = detail.locator('[data-testid="case-message"][data-kind="note"]', { hasText: 'CL-881' });
  await note.waitFor();
  expect(await note.innerText()).toContain('Internal note');
  const stored = await env.server.store.cases.listMessages(fresh.id, { includeInternal: true });
  expect(stored.map((m) => [m.kind, m.text])).toEqual([
    ['shopper', 'My parcel for order 10023 never arrived.'],
    ['reply', 'We found your parcel: it ships again today.'],
    ['note', 'Carrier claim filed, ref CL-881.'],
  ]);

  // Escalate to L2 (orders) with a reason: the reason is required.
  await page.getByTestId('case-escalate').click();
  const dialog = page.getByTestId('case-escalate-dialog');
  await dialog.waitFor();
  expect(await page.getByTestId('case-escalate-confirm').isDisabled()).toBe(true);
  await page.getByTestId('case-escalate-department').selectOption('orders');
  await page.getByTestId('case-escalate-reason').fill('Needs a carrier claim by the orders team');
  await page.getByTestId('case-escalate-confirm').click();
  await poll(() => page.getByTestId('case-detail-tier').innerText(), (t) => expect(t).toContain('L2'));
  expect(await page.getByTestId('case-detail-department').innerText()).toBe('orders');
  await page.getByTestId('case-history').locator('summary').click();
  const escalatedEvent = page.locator('[data-testid="case-event"][data-type="escalated"]');
  await escalatedEvent.waitFor();
  expect(await escalatedEvent.innerText()).toMatch(/Omar Haddad[\s\S]*L1 → L2 \(orders\): Needs a carrier claim by the orders team/);
  expect(await env.server.store.cases.get(fresh.id)).toMatchObject({ tier: 'L2', department: 'orders' });
  // The picture: the list in its colours, the case open with its thread.
  await screenshot(page, 'console-cases.png');

  // The supervisor, in another context, is told (toast and a badge on the Cases tab) and sees the case.
  const toast = lead.page.locator('.notice', { hasText: `Case #${fresh.number} escalated to you (L2): Needs a carrier claim` });
  await toast.waitFor();
  await lead.page.getByTestId('tab-count-cases').waitFor();
  // Omar also serves orders, but the escalation was his own act: no "escalated to you" for him.
  expect(await page.locator('.notice', { hasText: 'escalated to you' }).count()).toBe(0);
  await toast.getByRole('button', { name: 'Open case' }).click();
  await lead.page.locator(`[data-testid="case-detail"][data-case-id="${fresh.id}"]`).waitFor();
  await lead.page.getByTestId('cases-filter-tier').selectOption('L2');
  await lead.page.locator(`[data-testid="case-item"][data-case-id="${fresh.id}"]`).waitFor();
  expect(await lead.page.getByTestId('case-item').count()).toBe(1);
  expect(await lead.page.getByTestId('tab-count-cases').count()).toBe(0);

  // The supervisor puts it on hold: the agent, who has it open, is told it changed under him and reloads.
  await lead.page.getByTestId('case-status-select').selectOption('pending');
  await poll(() => env.server.store.cases.get(fresh.id), (c) => expect(c?.status).toBe('pending'));
  await page.getByTestId('case-stale').waitFor();
  await page.getByTestId('case-reload').click();
  await poll(() => page.getByTestId('case-detail-status').innerText(), (t) => expect(t).toBe('Pending'));
  expect(await page.getByTestId('case-stale').count()).toBe(0);

  // Bulk assign three cases to the supervisor; one was closed meanwhile (in the store: no fact reaches the
  // list), so it fails, is named with its reason, and the list is read again (the closed case leaves it).
  await row(bulkA).getByTestId('case-select').check();
  await row(bulkB).getByTestId('case-select').check();
  await row(gone).getByTestId('case-select').check();
  await env.server.store.cases.update(gone.id, {}, { patch: { status: 'closed', closedAt: Date.now(), resolution: 'dismissed' }, changes: [], actor: { kind: 'system', id: null }, at: Date.now() });
  await page.getByTestId('cases-bulk-assignee').selectOption(sara.id);
  await page.getByTestId('cases-bulk-assign').click();
  const bulkResult = page.getByTestId('cases-bulk-result');
  await bulkResult.filter({ hasText: '2 cases assigned.' }).waitFor();
  expect(await bulkResult.innerText()).toContain(`Not assigned: #${gone.number} (closed)`);
  expect(await bulkResult.getAttribute('role')).toBe('alert');
  await row(gone).waitFor({ state: 'detached' });
  expect(await row(bulkA).getByTestId('case-select').isChecked()).toBe(false);
  await poll(() => row(bulkA).getByTestId('case-assignee').innerText(), (t) => expect(t).toBe('Sara Lind'));
  expect(await row(bulkB).getByTestId('case-assignee').innerText()).toBe('Sara Lind');
  expect((await env.server.store.cases.get(bulkA.id))?.assigneeId).toBe(sara.id);

  // A conflict: someone else changes the open case (straight in the store: no fact reaches this console).
  await row(near).locator('.row-main').click();
  await page.locator(`[data-testid="case-detail"][data-case-id="${near.id}"]`).waitFor();
  await env.server.store.cases.update(near.id, {}, { patch: { subject: 'Charged twice (card ending 4242)' }, changes: [], actor: { kind: 'agent', id: sara.id }, at: Date.now() });
  await page.getByTestId('case-priority-select').selectOption('B');
  const stale = page.getByTestId('case-stale');
  await stale.waitFor();
  expect(await stale.getAttribute('role')).toBe('alert');
  expect((await env.server.store.cases.get(near.id))?.priority).toBe('A');
  await page.getByTestId('case-reload').click();
  await stale.waitFor({ state: 'hidden' });
  await page.getByTestId('case-detail').getByText('Charged twice (card ending 4242)').waitFor();
  await page.getByTestId('case-priority-select').selectOption('B');
  await poll(() => env.server.store.cases.get(near.id), (c) => expect(c?.priority).toBe('B'));

  // Merge a duplicate into another case by its number.
  await row(bulkB).locator('.row-main').click();
  await page.locator(`[data-testid="case-detail"][data-case-id="${bulkB.id}"]`).waitFor();
  await page.getByTestId('case-merge').click();
  await page.getByTestId('case-merge-number').fill(String(bulkA.number));
  await page.getByTestId('case-merge-confirm').click();
  await poll(() => env.server.store.cases.get(bulkB.id), (c) => expect(c).toMatchObject({ status: 'closed', mergedInto: bulkA.id }));
  await poll(() => page.getByTestId('case-detail').getAttribute('data-status'), (s) => expect(s).toBe('closed'));

  expect(agent.errors).toEqual([]);
  expect(lead.errors).toEqual([]);
  await agent.context.close();
  await lead.context.close();
});

test('Convert to case: the chat open in the console becomes a case whose first messages are its transcript', async () => {
  const ana = await env.server.createAgent({ name: 'Ana Ruiz' });
  const console_ = await openConsole(env.browser, env.server.url, ana);
  const shopper = await env.server.shopper();
  // Listening first: the bot may hand the chat over by itself, before handoff:request asks for it.
  const waiting = waitFor<ShopperConversationView>(shopper, 'conversation:updated', (c) => c.status === 'waiting', 10_000);
  await callOk(shopper, 'message:send', { clientId: 'convert-0001', text: 'My order 10077 arrived damaged' });
  await call(shopper, 'handoff:request', {});
  const conversationId = (await waiting).id;

  const page = console_.page;
  await inboxItem(page, conversationId).waitFor();
  await inboxItem(page, conversationId).getByTestId('take-button').click();
  await page.getByTestId('convert-button').click();
  await page.getByTestId('convert-subject').fill('Damaged on arrival: order 10077');
  await page.getByTestId('convert-priority').selectOption('B');
  await page.getByTestId('convert-confirm').click();
  const notice = page.locator('.notice', { hasText: /Case #\d+ opened from this chat/ });
  await notice.waitFor();
  const [made] = await env.server.store.cases.list({ siteId: 'demo' }).then((all) => all.filter((c) => c.conversationId === conversationId));
  expect(made).toMatchObject({ subject: 'Damaged on arrival: order 10077', priority: 'B', source: 'chat' });
  await notice.getByRole('button', { name: 'Open case' }).click();
  const detail = page.locator(`[data-testid="case-detail"][data-case-id="${made!.id}"]`);
  await detail.getByText('My order 10077 arrived damaged').waitFor();
  expect(console_.errors).toEqual([]);
  shopper.disconnect();
  await console_.context.close();
});
