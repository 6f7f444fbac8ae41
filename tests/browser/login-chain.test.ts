import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type Portal } from '../../portal/server';
import { launchChromium, patchSettings, type Launched } from '../support/chromium';

let portal: Portal;
let browser: Launched;

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  portal = await startPortal({ seed: 7 });
  browser = await launchChromium({ portalArgs: portal.chromiumArgs(), extension: true });
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

describe('the login chain on the emulated portal, in Chromium', () => {
  it('goes mos.ru → school.mos.ru → login.mos.ru form → callback → the marks page', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://www.mos.ru/');
    await page.click('#diary-link');
    await page.waitForURL('https://school.mos.ru/');
    await page.click('#login');
    await page.waitForURL(/login\.mos\.ru\/sps\/login\/methods\/password/);
    await page.fill('#login', 'parent');
    await page.fill('#password', 'parent');
    await page.click('#bind');
    await page.waitForURL('https://school.mos.ru/diary/marks/current-marks');
    await page.waitForSelector('.style_row__Zx81a a.style_subject-name__pQ2m1');
    const subjects = await page.locator('.style_subject-name__pQ2m1').allTextContents();
    expect(subjects).toContain('Русский язык');
    expect(subjects.length).toBeGreaterThanOrEqual(12);
    await page.screenshot({ path: 'test-results/portal-marks.png' });

    const cookies = await browser.context.cookies();
    const byName = (n: string) => cookies.find((c) => c.name === n);
    expect(byName('aupd_token')?.domain).toBe('school.mos.ru');
    expect(byName('aupd_token')?.httpOnly).toBe(false);
    expect(byName('Ltpatoken2')?.domain).toBe('.mos.ru');
    expect(byName('bls')?.domain).toBe('login.mos.ru');
    const chain = portal.requests.map((r) => `${r.host}${r.path.split('?')[0]}`);
    const at = (p: string) => chain.indexOf(p);
    expect(at('school.mos.ru/v3/auth/sudir/login')).toBeLessThan(at('login.mos.ru/sps/oauth/ae'));
    expect(at('login.mos.ru/sps/oauth/ae')).toBeLessThan(at('school.mos.ru/v3/auth/sudir/callback'));
    expect(chain).toContain('school.mos.ru/auth/callback');
    expect(chain).toContain('school.mos.ru/v2/token/refresh');
    await page.close();
  });

  it('reads the diary API from the page and from the extension’s service worker with the user’s cookies', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://school.mos.ru/diary/marks/current-marks');
    const fromPage = await page.evaluate(async () =>
      (await (await fetch('/api/family/web/v1/profile')).json()).children.map((c: any) => c.first_name),
    );
    expect(fromPage).toEqual(['Миша', 'Лиза']);
    const fromWorker = await browser.worker!.evaluate(async () => {
      const r = await fetch('https://school.mos.ru/api/family/web/v1/profile', { credentials: 'include' });
      return { status: r.status, names: (await r.json()).children.map((c: any) => c.first_name) };
    });
    expect(fromWorker).toEqual({ status: 200, names: ['Миша', 'Лиза'] });
    await page.close();
  });

  it('with the SSO alive, a diary logout and «Войти» go straight back in, no form', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://school.mos.ru/v3/auth/logout');
    await page.waitForURL('https://school.mos.ru/');
    expect((await browser.context.cookies()).some((c) => c.name === 'aupd_token')).toBe(false);
    const before = portal.requests.length;
    await page.click('#login');
    await page.waitForURL('https://school.mos.ru/diary/marks/current-marks');
    const hops = portal.requests.slice(before).map((r) => r.path.split('?')[0]);
    expect(hops).not.toContain('/sps/login/methods/password');
    await page.close();
  });

  it('an expired token sends the SPA through the chain and back to the page it was on', async () => {
    // The site's own behaviour, so Tabel's session keeper (which would renew ahead of expiry) is off.
    await patchSettings(browser, { keeper: { enabled: false, limit: { kind: 'always' } } });
    portal.setFaults({ tokenLifetimeSec: 2 });
    const page = await browser.context.newPage();
    await page.goto('https://school.mos.ru/v3/auth/logout');
    await page.click('#login');
    await page.waitForURL('https://school.mos.ru/diary/marks/current-marks');
    await new Promise((r) => setTimeout(r, 2200));
    const before = portal.requests.length;
    await page.goto('https://school.mos.ru/diary/homeworks/homeworks');
    await page.waitForURL('https://school.mos.ru/diary/homeworks/homeworks');
    await page.waitForSelector('h1:has-text("Домашние задания")');
    const statuses = portal.requests.slice(before).map((r) => `${r.status} ${r.path.split('?')[0]}`);
    expect(statuses).toContain('401 /api/family/web/v1/profile');
    expect(statuses).toContain('302 /sps/oauth/ae');
    portal.setFaults({ tokenLifetimeSec: 86400 });
    await page.close();
  });

  it('an expired SSO shows the login form again', async () => {
    portal.setFaults({ ssoExpired: true });
    const page = await browser.context.newPage();
    await page.goto('https://school.mos.ru/v3/auth/logout');
    await page.click('#login');
    await page.waitForURL(/login\.mos\.ru\/sps\/login\/methods\/password/);
    expect(await page.isVisible('#bind')).toBe(true);
    portal.setFaults({ ssoExpired: false });
    await page.close();
  });
});
