#!/usr/bin/env node
// The stores' listing, per language: 1280×800 screenshots made from the browser tests' own
// screenshots (test-results/, written by `npm test`) with a caption, and the listing texts
// (store/listing.json, the name and summary from public/_locales), into .output/store/<lang>/.
// Composed in Debian's Chromium (playwright-core): the screenshot scaled to fit under its caption.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { esc } from './privacy-page.mjs';

const root = resolve(import.meta.dirname, '..');
export const SIZE = { width: 1280, height: 800 };

/** One listing screenshot: the caption on Tabel's band, the test's screenshot below it, scaled to fit, top first. */
export async function composeShot(browser, input, caption, output) {
  const page = await browser.newPage({ viewport: SIZE, deviceScaleFactor: 1 });
  const src = `data:image/png;base64,${readFileSync(input).toString('base64')}`;
  await page.setContent(`<!doctype html><html><body style="margin:0;width:${SIZE.width}px;height:${SIZE.height}px;overflow:hidden;background:#eef2fa;font:600 30px/1.25 system-ui,sans-serif">
<div style="height:96px;display:flex;align-items:center;padding:0 40px;background:#0b57d0;color:#fff">${esc(caption)}</div>
<div id="box" style="height:${SIZE.height - 96 - 32}px;padding:16px 40px;display:flex;justify-content:center;align-items:flex-start;overflow:hidden">
<img src="${src}" style="border-radius:10px;box-shadow:0 4px 18px rgba(0,0,0,.18);background:#fff"></div></body></html>`);
  await page.waitForFunction(() => document.images[0]?.complete && document.images[0].naturalWidth > 0);
  // Whole if it fits; a tall page (the report) at a readable width, its top shown, the rest cut.
  await page.evaluate(() => {
    const img = document.images[0];
    const box = document.getElementById('box');
    const w = box.clientWidth - 80;
    const h = box.clientHeight - 32;
    const scale = Math.min(1, w / img.naturalWidth, img.naturalHeight / img.naturalWidth > 1.4 ? 1 : h / img.naturalHeight);
    img.style.width = `${Math.round(img.naturalWidth * scale)}px`;
  });
  await page.screenshot({ path: output });
  await page.close();
}

async function main() {
  const listing = JSON.parse(readFileSync(join(root, 'store/listing.json'), 'utf8'));
  const shots = join(root, 'test-results');
  const missing = Object.values(listing)
    .flatMap((l) => Object.values(l.shots).map((s) => s.file))
    .filter((f) => !existsSync(join(shots, f)));
  if (missing.length) {
    // Said, not hidden: the texts are written, the screenshots wait for the tests that make them.
    console.warn(`store listing: ${missing.length} screenshot(s) not in test-results/ (run \`npm test\` first): ${missing.join(', ')}`);
  }
  const { chromium } = await import('playwright-core');
  const browser =
    missing.length === Object.values(listing).flatMap((l) => Object.keys(l.shots)).length
      ? null
      : await chromium.launch({ executablePath: process.env.TABEL_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    for (const [lang, l] of Object.entries(listing)) {
      const dir = join(root, '.output/store', lang);
      mkdirSync(dir, { recursive: true });
      const messages = JSON.parse(readFileSync(join(root, 'public/_locales', lang, 'messages.json'), 'utf8'));
      const text = [
        messages.extName.message,
        '',
        l.summary,
        '',
        ...l.description.flatMap((p) => [p, '']),
        `Privacy policy: PRIVACY.md (privacy.html in the extension)`,
      ].join('\n');
      writeFileSync(join(dir, 'listing.txt'), text);
      let n = 0;
      for (const [name, shot] of Object.entries(l.shots)) {
        n++;
        const input = join(shots, shot.file);
        if (!browser || !existsSync(input)) continue;
        await composeShot(browser, input, shot.caption, join(dir, `${String(n).padStart(2, '0')}-${name}.png`));
      }
      console.log(`store listing (${lang}): ${dir}`);
    }
  } finally {
    await browser?.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
