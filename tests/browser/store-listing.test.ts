import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain build script, no types of its own
import { composeShot, SIZE } from '../../scripts/store-listing.mjs';

/** A PNG's size from its IHDR chunk. */
const sizeOf = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

let dir: string;
let browser: import('playwright-core').Browser;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tabel-listing-'));
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the stores’ listing screenshots (npm run build)', () => {
  it('makes a 1280×800 image with its caption from a test screenshot of any shape, wide or tall', async () => {
    expect(SIZE).toEqual({ width: 1280, height: 800 });
    const page = await browser.newPage({ viewport: { width: 420, height: 1600 } });
    await page.setContent('<body style="margin:0;background:#fff"><h1 style="font:40px sans-serif">Табель</h1></body>');
    const tall = join(dir, 'tall.png');
    await page.screenshot({ path: tall });
    await page.setViewportSize({ width: 1600, height: 600 });
    const wide = join(dir, 'wide.png');
    await page.screenshot({ path: wide });
    await page.close();
    for (const input of [tall, wide]) {
      const out = `${input}.listing.png`;
      await composeShot(browser, input, 'Точный средний балл рядом с каждым предметом', out);
      expect(sizeOf(readFileSync(out))).toEqual(SIZE);
    }
  });
});
