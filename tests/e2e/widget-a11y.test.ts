/**
 * Issue "accessible": the whole widget works from the keyboard alone. Tab reaches the launcher, Enter
 * opens the panel with focus inside it, Enter sends, Tab reaches a chip and Enter activates it, focus
 * stays trapped in the open panel (a modal dialog), Escape closes it and focus returns to the launcher.
 */
import type { Page } from 'playwright-core';
import { chatPanel, launcher, newContext, poll, shopperRows, useE2e, watchPageErrors } from './e2e-harness';

const env = useE2e({ timeoutMs: 60_000 });

interface Focused {
  /** Focus is inside the widget's shadow root. */
  inWidget: boolean;
  /** Inside the open panel (the dialog). */
  inPanel: boolean;
  tag: string;
  /** Accessible-name material: aria-label, else text. */
  label: string;
}

/** Where the keyboard focus is, looking through the widget's shadow root. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const host = document.querySelector('parley-widget');
    const inWidget = document.activeElement === host;
    const el = inWidget ? host!.shadowRoot!.activeElement : document.activeElement;
    return {
      inWidget,
      inPanel: inWidget && !!el?.closest('[role=dialog]'),
      tag: el?.tagName.toLowerCase() ?? '',
      label: el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '',
    };
  });
}

/** Presses `key` until focus satisfies `isTarget` (at most `max` presses); returns what was focused on the way. */
async function pressUntil(page: Page, key: string, isTarget: (f: Focused) => boolean, max = 15): Promise<Focused[]> {
  const path: Focused[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    path.push(f);
    if (isTarget(f)) return path;
  }
  throw new Error(`${key} never reached the target; focus went: ${JSON.stringify(path)}`);
}

test('keyboard only: Tab to the launcher, Enter opens, type and Enter sends, Tab to a chip and Enter, focus trapped, Escape closes to the launcher', async () => {
  const context = await newContext(env.browser);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(env.shop.url);
  await launcher(page).waitFor();

  await pressUntil(page, 'Tab', (f) => f.inWidget && f.label === 'Open chat');
  await page.keyboard.press('Enter');
  await chatPanel(page).waitFor({ state: 'visible' });
  // Focus moves into the panel, on the message box.
  await poll(() => focused(page), (f) => expect(f).toMatchObject({ inPanel: true, tag: 'textarea', label: 'Message' }));
  expect(await launcher(page).getAttribute('aria-expanded')).toBe('true');

  // A bare keyword two intents share (gift cards, gift wrap): the bot asks which.
  await page.keyboard.type('gift');
  await page.keyboard.press('Enter');
  await poll(() => chatPanel(page).innerText(), (t) => expect(t).toContain('Did you mean one of these?'));
  expect(await shopperRows(page, 'gift').count()).toBe(1);

  const toChip = await pressUntil(page, 'Tab', (f) => f.tag === 'button' && f.label === 'Gift cards');
  expect(toChip.every((f) => f.inPanel)).toBe(true);
  await page.keyboard.press('Enter');
  await poll(() => chatPanel(page).innerText(), (t) => expect(t).toContain('never expire'));
  expect(await shopperRows(page, 'Gift cards').count()).toBe(1);

  // The trap: two full rounds forwards and backwards never leave the panel.
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i < 16; i++) {
      await page.keyboard.press(key);
      const f = await focused(page);
      if (!f.inPanel) throw new Error(`${key} #${i + 1} left the panel: ${JSON.stringify(f)}`);
    }
  }

  await page.keyboard.press('Escape');
  await chatPanel(page).waitFor({ state: 'hidden' });
  await poll(() => focused(page), (f) => expect(f).toMatchObject({ inWidget: true, inPanel: false, tag: 'button', label: 'Open chat' }));
  expect(await launcher(page).getAttribute('aria-expanded')).toBe('false');

  // Enter on the launcher opens the panel again, focus back in the message box.
  await page.keyboard.press('Enter');
  await poll(() => focused(page), (f) => expect(f).toMatchObject({ inPanel: true, tag: 'textarea' }));
  expect(errors).toEqual([]);
  await context.close();
});
