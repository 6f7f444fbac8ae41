import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { importFileOf } from '../../lib/export/files';
import type { Diary } from '../../lib/model/types';
import { DEFAULT_FAULTS, startPortal, type Portal } from '../../portal/server';
import { FIREFOX_DIR, launchFirefox, logInAsParentIn, openIn, type LaunchedFirefox } from '../support/firefox';
import { mergeStoredSettings, NO_QUIET_HOURS, settingsPatch } from '../support/settings';

/**
 * What a Firefox user relies on beyond the overlay (firefox-overlay.test.ts), in Firefox ESR with
 * the built MV3 add-on: the session keeper across several token expiries with no re-login, the
 * new-mark badge and notification, the last known diary while the site is down, settings that
 * stay saved, the export file and its import, and the archive through an update of the add-on
 * (a reinstall into the same profile). The background is an event page here, not a service
 * worker: its storage, alarms, cookies and notifications are Firefox's.
 */
const TOKEN_SEC = 20;
const MARKS = 'https://school.mos.ru/diary/marks/current-marks';
let portal: Portal;
let ff: LaunchedFirefox;

/** Runs in an extension page of the add-on (the background's APIs through `browser`), e.g. a test hook message. */
async function inExtension<T>(fn: (arg: any) => Promise<T>, arg?: unknown): Promise<T> {
  const page = await openIn(ff, `${ff.origin}/manifest.json`);
  try {
    return await page.evaluate(fn, arg);
  } finally {
    await page.close();
  }
}
const send = (message: object) => inExtension((m) => (globalThis as any).browser.runtime.sendMessage(m), message);
const stored = (key: string | null): Promise<Record<string, any>> =>
  inExtension((k) => (globalThis as any).browser.storage.local.get(k), key);
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  portal = await startPortal({ seed: 37, faults: { tokenLifetimeSec: TOKEN_SEC, ssoLifetimeSec: 600 } });
  ff = await launchFirefox({ portalPort: portal.port });
  // New marks' notifications are tested whatever the hour.
  await inExtension(mergeStoredSettings, settingsPatch(NO_QUIET_HOURS));
}, 90_000);
afterAll(async () => {
  await ff?.close();
  await portal?.close();
});

describe('Firefox: the extension beyond the overlay', () => {
  it('keeps the diary usable across several token expiries with one password login, the token never stored', async () => {
    const start = portal.requests.length;
    const page = await logInAsParentIn(ff);
    const t0 = Date.now();
    // Two token lifetimes and more, the diary reopened every 6 s, nothing else done by the user.
    while (Date.now() - t0 < TOKEN_SEC * 2.4 * 1000) {
      await wait(6000);
      await page.goto(MARKS, { waitUntil: 'load' });
      await page.waitForSelector('[data-tabel-subject]', { timeout: 15_000 });
      expect(page.url()).toBe(MARKS);
    }
    const posts = portal.requests.slice(start).filter((r) => r.method === 'POST' && r.path.startsWith('/sps/login/methods/password'));
    expect(posts).toHaveLength(1);
    const keeper = (await stored('keeper:school.mos.ru'))['keeper:school.mos.ru'];
    expect(keeper.state).toBe('alive');
    expect(keeper.renewals).toBeGreaterThanOrEqual(2);
    const token = (await ff.browser.cookies()).find((c) => c.name === 'aupd_token')!.value;
    const all = JSON.stringify(await stored(null));
    expect(all).not.toContain(token.split('.')[2]);
    await page.close();
  }, 150_000);

  it('new marks bring the badge and a notification; the popup lists them', async () => {
    await expect.poll(async () => Object.keys((await stored('seen')).seen ?? {}).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const misha = portal.world.children[0]!.id;
    portal.addMarks({ childId: misha, count: 2, value: '5' });
    const r = (await send({ type: 'tabel:check-now' })) as { badge: number };
    expect(r.badge).toBe(2);
    expect(await inExtension(() => (globalThis as any).browser.action.getBadgeText({}))).toBe('2');
    // Created through Firefox's notifications API (the call resolved); headless Firefox displays none, so getAll stays empty.
    const { ids } = (await send({ type: 'tabel:notified' })) as { ids: string[] };
    expect(ids.some((k) => k.startsWith(`tabel-new-${misha}-`))).toBe(true);
    const popup = await openIn(ff, `${ff.origin}/popup.html`);
    await popup.waitForSelector(`[data-student="${misha}"] [data-new-marks] li`, { timeout: 15_000 });
    expect(
      await popup.$$eval(`[data-student="${misha}"] [data-new-marks] li`, (lis) => lis.map((li) => li.textContent!.trim()[0])),
    ).toEqual(['5', '5']);
    await popup.screenshot({ path: 'test-results/firefox-popup-new-marks.png' });
    await popup.close();
  }, 60_000);

  it('shows the last known diary with its time while the site is down, on the page and in the popup', async () => {
    await send({ type: 'tabel:forget' });
    portal.setFaults({ maintenance: true });
    onTestFinished(() => portal.setFaults({ maintenance: false }));
    const popup = await openIn(ff, `${ff.origin}/popup.html`);
    await popup.waitForSelector('[data-student] [data-as-of]', { timeout: 20_000 });
    expect(await popup.$eval('main', (m) => m.textContent)).toContain('последние известные данные');
    await popup.close();
    const page = await openIn(ff, MARKS);
    await page.waitForSelector('[data-tabel-notice]', { timeout: 20_000 });
    expect(await page.$eval('[data-tabel-notice]', (n) => n.textContent)).toContain('последние известные данные');
    await page.screenshot({ path: 'test-results/firefox-offline.png' });
    await page.close();
  }, 60_000);

  it('keeps a setting changed on the options page, and exports a file that imports back into an emptied archive', async () => {
    let options = await openIn(ff, `${ff.origin}/options.html`);
    await options.waitForSelector('[data-archive-summary]', { timeout: 15_000 });
    // English, chosen with the page's own control, is saved and shown again after a reload.
    const en = await options.$$('input[name=lang]');
    await en[1]!.click();
    await expect.poll(async () => (await stored('settings')).settings?.language).toBe('en');
    // Opened again (Firefox reports no navigation of an extension page, so no reload() to wait on).
    await options.close();
    options = await openIn(ff, `${ff.origin}/options.html`);
    await options.waitForSelector('[data-archive-summary]', { timeout: 15_000 });
    expect(await options.$$eval('input[name=lang]', (els) => els.map((e) => (e as HTMLInputElement).checked))).toEqual([false, true]);
    await options.screenshot({ path: 'test-results/firefox-options-en.png', fullPage: true });
    await (await options.$$('input[name=lang]'))[0]!.click();
    await expect.poll(async () => (await stored('settings')).settings?.language).toBe('ru');

    // The export file as the page makes it (its Blob, caught where it becomes a download).
    const before = ((await send({ type: 'tabel:history' })) as { diaries: Diary[] }).diaries;
    expect(before.length).toBe(portal.world.children.length);
    await options.evaluate(() => {
      const w = window as any;
      w.__exported = null;
      const make = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (b: Blob) => {
        void b.text().then((t) => (w.__exported = t));
        return make(b);
      };
    });
    await options.click('[data-export=json]');
    await options.waitForFunction(() => (window as any).__exported !== null, { timeout: 10_000 });
    const text = (await options.evaluate(() => (window as any).__exported)) as string;
    const parsed = importFileOf(text);
    expect(parsed.ok && parsed.diaries).toEqual(before);

    // Everything deleted, then the file loaded with the page's own file input: the archive as it was.
    expect(await send({ type: 'tabel:delete-all' })).toEqual({ ok: true });
    expect(((await send({ type: 'tabel:history' })) as { diaries: Diary[] }).diaries).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'tabel-ff-export-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'tabel.json');
    writeFileSync(file, text);
    const input = (await options.$('[data-import]')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
    await expect.poll(() => options.$eval('.status', (s) => s.textContent), { timeout: 15_000 }).toContain('детей — 2');
    expect(((await send({ type: 'tabel:history' })) as { diaries: Diary[] }).diaries).toEqual(before);
    expect(readFileSync(file, 'utf8')).toBe(text);
    await options.close();
  }, 60_000);

  it('keeps the archive through an update of the add-on (a reinstall into the same profile)', async () => {
    const before = ((await send({ type: 'tabel:history' })) as { diaries: Diary[] }).diaries;
    expect(before.length).toBeGreaterThan(0);
    // What only the running background holds (the notifications it made): gone once the update has restarted it.
    expect(((await send({ type: 'tabel:notified' })) as { ids: string[] }).ids.length).toBeGreaterThan(0);
    await ff.browser.installExtension(FIREFOX_DIR);
    // The new background is up when it answers.
    await expect
      .poll(async () => ((await send({ type: 'tabel:history' }).catch(() => null)) as { diaries?: Diary[] } | null)?.diaries?.length, {
        timeout: 20_000,
      })
      .toBe(before.length);
    expect(((await send({ type: 'tabel:history' })) as { diaries: Diary[] }).diaries).toEqual(before);
    expect(((await send({ type: 'tabel:notified' })) as { ids: string[] }).ids).toEqual([]);
    portal.setFaults({ ...DEFAULT_FAULTS, tokenLifetimeSec: TOKEN_SEC, ssoLifetimeSec: 600 });
  }, 60_000);
});
