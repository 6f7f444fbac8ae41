import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FAULTS, startPortal, type Portal } from '../../portal/server';
import { launchChromium, logInAsParent, messageBackground, patchSettings, type Launched } from '../support/chromium';
import { NO_QUIET_HOURS } from '../support/settings';

let portal: Portal;
let browser: Launched;
const sw = <T>(fn: () => Promise<T>) => browser.worker!.evaluate(fn);
const send = (message: object) => messageBackground(browser, message);

beforeAll(async () => {
  portal = await startPortal({ seed: 21 });
  browser = await launchChromium({ portalArgs: portal.chromiumArgs(), extension: true });
  await (await logInAsParent(browser, { overlay: true })).close();
  // Quiet hours would hold the notification back at night; this test is about the notification itself.
  await patchSettings(browser, NO_QUIET_HOURS);
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

describe('the archive in the extension', () => {
  it('marks added while the browser is open produce a badge and a notification', async () => {
    // Wait until the visit has been recorded (the overlay stores what it showed).
    await expect
      .poll(async () => Object.keys(((await sw(() => (globalThis as any).chrome.storage.local.get('seen'))) as any).seen ?? {}).length)
      .toBeGreaterThan(0);
    const misha = portal.world.children[0]!.id;
    expect(await sw(() => (globalThis as any).chrome.action.getBadgeText({}))).toBe('');
    portal.addMarks({ childId: misha, count: 2, value: '5' });
    const r = (await send({ type: 'tabel:check-now' })) as { badge: number };
    expect(r.badge).toBe(2);
    expect(await sw(() => (globalThis as any).chrome.action.getBadgeText({}))).toBe('2');
    const notes = (await sw(() => (globalThis as any).chrome.notifications.getAll())) as Record<string, unknown>;
    expect(Object.keys(notes).some((k) => k.startsWith(`tabel-new-${misha}`))).toBe(true);
    // The popup lists them on the child's card.
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.waitForSelector(`[data-student="${misha}"] [data-new-marks]`);
    expect(
      await popup.$$eval(`[data-student="${misha}"] [data-new-marks] li`, (lis) => lis.map((li) => li.textContent?.trim().slice(0, 1))),
    ).toEqual(['5', '5']);
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.screenshot({ path: 'test-results/popup-new-marks.png' });
    await popup.close();
    // Opening the diary counts as seeing them: the badge clears.
    const page = await browser.context.newPage();
    await page.goto('https://school.mos.ru/diary/marks/current-marks');
    await page.waitForSelector('[data-tabel-subject]');
    await expect.poll(async () => sw(() => (globalThis as any).chrome.action.getBadgeText({})), { timeout: 10_000 }).toBe('');
    await page.close();
  });

  it('shows the last known diary, marked with its time, when the site is down', async () => {
    await send({ type: 'tabel:forget' });
    portal.setFaults({ maintenance: true });
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.waitForSelector('[data-student] [data-as-of]').catch(async (e) => {
      console.log('POPUP', await popup.textContent('main'));
      throw e;
    });
    expect(await popup.$$eval('[data-student] [data-overall]', (els) => els.map((e) => e.textContent))).not.toContain('—');
    expect(await popup.textContent('main')).toContain('последние известные данные');
    await popup.screenshot({ path: 'test-results/popup-offline.png' });
    await popup.close();

    const page = await browser.context.newPage();
    await page.goto('https://school.mos.ru/diary/marks/current-marks');
    expect(await page.textContent('h1')).toContain('Технические работы');
    await page.waitForSelector('[data-tabel-notice]', { timeout: 20_000 }).catch(async (e) => {
      console.log('BODY', await page.evaluate(() => document.body.outerHTML.slice(-500)));
      console.log('STUDENTS', JSON.stringify(await send({ type: 'tabel:students' })).slice(0, 200));
      throw e;
    });
    expect(await page.textContent('[data-tabel-notice]')).toContain('последние известные данные');
    await page.click('[data-tabel-host] >> css=button.fab');
    await page.waitForFunction(
      () => (document.querySelector('[data-tabel-host]')?.shadowRoot?.querySelectorAll('li[data-tabel-subject]').length ?? 0) > 10,
    );
    await page.screenshot({ path: 'test-results/overlay-offline.png' });
    await page.close();
    portal.setFaults({ ...DEFAULT_FAULTS });
  });

  it('shows the diary as it is again once the site is back: no failure is kept like an answer', async () => {
    // Right after the outage above, with nothing forgotten: what the user does when the site is back.
    // Chromium itself refuses an extension's requests for a while after a host's 503s (its
    // extension throttle: ERR_TEMPORARILY_THROTTLED, backing off): the first ask may still fail,
    // and the popup and the page must then ask again by themselves until the answer is fresh.
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.waitForSelector('[data-student] [data-overall]');
    await popup.waitForFunction(() => !document.querySelector('[data-as-of]') && !!document.querySelector('[data-session]'), null, {
      timeout: 30_000,
    });
    await popup.screenshot({ path: 'test-results/popup-recovered.png' });
    expect(await popup.textContent('main')).not.toContain('недоступен');
    expect(await popup.getAttribute('[data-session]', 'data-session')).not.toBe('site-down');
    await popup.close();
    const page = await browser.context.newPage();
    await page.goto('https://school.mos.ru/diary/marks/current-marks');
    await page.waitForSelector('[data-tabel-subject]');
    await page.waitForFunction(() => !document.querySelector('[data-tabel-notice]'), null, { timeout: 30_000 });
    await page.close();
  });
});
