import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { HOSTS } from '../../portal/server';

/**
 * Debian's Firefox ESR driven headless by puppeteer-core over WebDriver BiDi (playwright cannot
 * drive a stock Firefox; selenium needs a geckodriver Debian lacks). The emulated hosts resolve to
 * 127.0.0.1 and port 443 goes to the portal's port through profile prefs; the extension's uuid is
 * pinned before install so its pages have a known address.
 */
export const FIREFOX = process.env.TABEL_FIREFOX ?? '/usr/bin/firefox-esr';
export const FIREFOX_DIR = resolve(import.meta.dirname ?? '.', '../../.output-test/firefox-mv3');
export const GECKO_ID = 'tabel@tabel.example';
export const firefoxAvailable = (): boolean => existsSync(FIREFOX);

export interface LaunchedFirefox {
  browser: Browser;
  /** The extension's own origin, `moz-extension://<uuid>`. */
  origin: string;
  uuid: string;
  close(): Promise<void>;
}

export async function launchFirefox(o: { portalPort: number; extension?: string; uuid?: string }): Promise<LaunchedFirefox> {
  const uuid = o.uuid ?? crypto.randomUUID();
  const profile = mkdtempSync(join(tmpdir(), 'tabel-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    acceptInsecureCerts: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'network.dns.localDomains': HOSTS.join(','),
      'network.socket.forcePort': `443=${o.portalPort}`,
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      // Quiet and offline: nothing of Mozilla's own traffic leaves for a network that is not there.
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
    },
  });
  await browser.installExtension(o.extension ?? FIREFOX_DIR);
  return {
    browser,
    uuid,
    origin: `moz-extension://${uuid}`,
    async close() {
      await browser.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens a URL and waits for its load; the extension's own pages do not report navigations, so the document is polled. */
export async function openIn(b: LaunchedFirefox, url: string): Promise<Page> {
  const page = await b.browser.newPage();
  if (url.startsWith('moz-extension:')) {
    // WebDriver BiDi's own navigate, not waiting for events Firefox does not send for these pages.
    const context = (page.mainFrame() as unknown as { browsingContext: { navigate(u: string, wait: 'none'): Promise<void> } })
      .browsingContext;
    await context.navigate(url, 'none');
    const end = Date.now() + 15_000;
    while (Date.now() < end) {
      // page.url() does not follow (no navigation event): ask the document itself.
      const at = await page.evaluate(() => `${document.readyState} ${location.href}`).catch(() => '');
      if (at === `complete ${url}`) return page;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${url} did not load`);
  }
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

/** The parent's login through the emulated mos.ru chain, to the marks page (puppeteer waits for no host of the chain by itself). */
export async function logInAsParentIn(b: LaunchedFirefox): Promise<Page> {
  const page = await b.browser.newPage();
  await page.goto('https://school.mos.ru/v3/auth/sudir/login');
  await page.waitForSelector('#login', { timeout: 15_000 });
  await page.type('#login', 'parent');
  await page.type('#password', 'parent');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }).catch(() => {}), page.click('#bind')]);
  await page.waitForFunction(() => location.pathname === '/diary/marks/current-marks', { timeout: 15_000 });
  return page;
}
