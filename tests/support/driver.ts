import type { Portal } from '../../portal/server';
import { launchChromium, logInAsParent, messageBackground, type Launched } from './chromium';
import { launchFirefox, logInAsParentIn, openIn, type LaunchedFirefox } from './firefox';

/**
 * One browser test body for Chromium (playwright-core) and Firefox (puppeteer-core over BiDi):
 * what a test does as a person would — open a page or one of the extension's own, wait for, read
 * and click what is on it — and the background's test hooks. Each driver keeps its browser's
 * quirks (Firefox reports no navigation of an extension page; playwright and puppeteer pierce
 * shadow roots with different selectors, so a body reads shadow content with `evaluate`).
 */
export interface TestPage {
  waitFor(selector: string, timeoutMs?: number): Promise<void>;
  text(selector: string): Promise<string>;
  count(selector: string): Promise<number>;
  /** A real (trusted) click. */
  click(selector: string): Promise<void>;
  /** A real click on an element inside an open shadow root (each driver pierces it its own way). */
  clickInShadow(host: string, inner: string): Promise<void>;
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface Driver {
  name: 'chromium' | 'firefox';
  /** Logs in as the emulator's demo parent through the whole chain; returns the marks page. */
  logIn(): Promise<TestPage>;
  open(url: string): Promise<TestPage>;
  /** One of the extension's own pages: `popup.html`, `options.html`. */
  extensionPage(path: string): Promise<TestPage>;
  /** A message to the background (its test hooks among them), as an extension page sends it. */
  send(message: object): Promise<unknown>;
  close(): Promise<void>;
}

export async function chromiumDriver(portal: Portal): Promise<Driver> {
  const b: Launched = await launchChromium({ portalArgs: portal.chromiumArgs(), extension: true });
  const wrap = (page: import('playwright-core').Page): TestPage => ({
    waitFor: async (s, timeout = 15_000) => void (await page.waitForSelector(s, { timeout })),
    text: async (s) => (await page.textContent(s)) ?? '',
    count: async (s) => (await page.$$(s)).length,
    click: (s) => page.click(s),
    clickInShadow: (host, inner) => page.click(`${host} >> css=${inner}`),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    screenshot: async (path) => void (await page.screenshot({ path })),
    close: () => page.close(),
  });
  return {
    name: 'chromium',
    logIn: async () => wrap(await logInAsParent(b)),
    async open(url) {
      const page = await b.context.newPage();
      await page.goto(url);
      return wrap(page);
    },
    async extensionPage(path) {
      const page = await b.context.newPage();
      await page.setViewportSize({ width: 420, height: 800 });
      await page.goto(`chrome-extension://${b.extensionId}/${path}`);
      return wrap(page);
    },
    send: (m) => messageBackground(b, m),
    close: () => b.close(),
  };
}

export async function firefoxDriver(portal: Portal): Promise<Driver> {
  const ff: LaunchedFirefox = await launchFirefox({ portalPort: portal.port });
  const wrap = (page: import('puppeteer-core').Page): TestPage => ({
    waitFor: async (s, timeout = 15_000) => void (await page.waitForSelector(s, { timeout })),
    text: async (s) => (await page.$eval(s, (e) => e.textContent)) ?? '',
    count: async (s) => (await page.$$(s)).length,
    click: (s) => page.click(s),
    clickInShadow: (host, inner) => page.click(`${host} >>> ${inner}`),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    screenshot: async (path) => void (await page.screenshot({ path: path as `${string}.png` })),
    close: () => page.close(),
  });
  const extensionPage = async (path: string) => wrap(await openIn(ff, `${ff.origin}/${path}`));
  return {
    name: 'firefox',
    logIn: async () => wrap(await logInAsParentIn(ff)),
    open: async (url) => wrap(await openIn(ff, url)),
    extensionPage,
    async send(m) {
      const page = await openIn(ff, `${ff.origin}/manifest.json`);
      try {
        return await page.evaluate((x) => (globalThis as any).browser.runtime.sendMessage(x), m);
      } finally {
        await page.close();
      }
    },
    close: () => ff.close(),
  };
}

export const DRIVERS = { chromium: chromiumDriver, firefox: firefoxDriver } as const;
