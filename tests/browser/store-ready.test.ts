import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Launched } from '../support/chromium';

/**
 * What a store listing points at, in the built extension (Chromium): the name and description
 * from _locales in the browser's language, and the privacy policy page (PRIVACY.md, rendered at
 * build) reachable from the options page.
 */
let browser: Launched;

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  browser = await launchChromium({ extension: true });
});
afterAll(async () => {
  await browser?.close();
});

describe('ready for the stores', () => {
  it('the browser shows the extension under its localised name and description (en-US here; Russian is the default)', async () => {
    const self = await browser.worker!.evaluate(() => (globalThis as any).chrome.management.getSelf());
    expect([self.name, self.shortName]).toEqual(['Tabel — averages and targets for the diary', 'Tabel']);
    expect(self.description).toContain('MESH, Moya Shkola, Setevoy Gorod');
  });

  it('the options page links to the privacy policy, in Russian and in English, as PRIVACY.md says it', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const [policy] = await Promise.all([browser.context.waitForEvent('page'), options.click('[data-privacy-policy]')]);
    await policy.waitForLoadState();
    expect(policy.url()).toBe(`chrome-extension://${browser.extensionId}/privacy.html`);
    expect(await policy.$$eval('h1', (hs) => hs.map((h) => h.textContent))).toEqual([
      'Политика конфиденциальности Табеля',
      "Tabel's privacy policy",
    ]);
    const ru = (await policy.textContent('[data-lang=ru]')) ?? '';
    const en = (await policy.textContent('[data-lang=en]')) ?? '';
    expect(ru).toContain('Ничего не уходит с вашего компьютера');
    expect(en).toContain('Nothing leaves your computer');
    // No Markdown left over.
    expect(ru + en).not.toMatch(/^#|\*\*|^- /m);
    await policy.setViewportSize({ width: 900, height: 1400 });
    await policy.screenshot({ path: 'test-results/privacy-policy.png', fullPage: true });
    await policy.close();
    await options.close();
  });
});
