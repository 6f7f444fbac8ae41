/**
 * The archive survives an extension update: the built extension is loaded from a copy, fills its
 * archive on the emulated portal; then the browser closes, the copy becomes a new version on disk,
 * and the same profile opens it (new code, same extension origin and storage, as after an update).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diary } from '../../lib/model/types';
import { startPortal, type Portal } from '../../portal/server';
import { EXTENSION_DIR, launchChromium, logInAsParent, messageBackground, patchSettings, type Launched } from '../support/chromium';

let portal: Portal;
let browser: Launched | undefined;
let dir: string;
let profileDir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tabel-ext-'));
  profileDir = mkdtempSync(join(tmpdir(), 'tabel-profile-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  portal = await startPortal({ seed: 44 });
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(profileDir, { recursive: true, force: true });
});

const history = async (b: Launched) => ((await messageBackground(b, { type: 'tabel:history' })) as { diaries: Diary[] }).diaries;

describe('an extension update', () => {
  it('keeps the archive and the settings', async () => {
    browser = await launchChromium({ portalArgs: portal.chromiumArgs(), extension: true, extensionDir: dir, profileDir });
    await (await logInAsParent(browser, { overlay: true })).close();
    await messageBackground(browser, { type: 'tabel:check-now' });
    await patchSettings(browser, { language: 'en' });
    const before = await history(browser);
    expect(before).toHaveLength(2);
    expect(before.every((d) => d.marks.length > 0)).toBe(true);
    const id = browser.extensionId;
    await browser.close();

    // The update: a new version on disk, opened by the same profile.
    const manifestPath = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.version = `${manifest.version}.1`;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    browser = await launchChromium({ portalArgs: portal.chromiumArgs(), extension: true, extensionDir: dir, profileDir });
    expect(browser.extensionId).toBe(id);
    expect(await browser.worker!.evaluate(() => (globalThis as any).chrome.runtime.getManifest().version)).toBe(manifest.version);
    expect(await history(browser)).toEqual(before);
    expect(
      await browser.worker!.evaluate(async () => (await (globalThis as any).chrome.storage.local.get('settings')).settings.language),
    ).toBe('en');
  });
});
