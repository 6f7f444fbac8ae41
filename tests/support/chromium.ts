import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { mergeStoredSettings, settingsPatch } from './settings';

export const CHROMIUM = process.env.TABEL_CHROMIUM ?? '/usr/bin/chromium';
// Relative to this file from source; to the working directory when bundled (npm run bench).
const built = (dir: string) => {
  const near = resolve(import.meta.dirname ?? '.', '../..', dir);
  return existsSync(resolve(near, 'manifest.json')) ? near : resolve(process.cwd(), dir);
};
/** The test build (`TABEL_TEST_HOOKS=1 wxt build`): what ships, plus the background's test hooks (extension/messages.ts `TestProtocol`). */
export const EXTENSION_DIR = built('.output-test/chrome-mv3');
/** What ships (`wxt build`): the benchmarks measure this one. */
export const PRODUCTION_DIR = built('.output/chrome-mv3');

/** Flags every headless run needs here: without the networking ones Chromium floods the closed network. */
export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--lang=ru-RU',
];

export interface Launched {
  context: BrowserContext;
  /** The extension's service worker, when the extension is loaded. */
  worker?: Worker;
  extensionId?: string;
  close(): Promise<void>;
}

/**
 * Real Chromium with a fresh profile, optionally routed to the emulated portal (`portalArgs`, from
 * `portal.chromiumArgs()`) and with the built extension loaded.
 */
export async function launchChromium(
  o: { portalArgs?: string[]; extension?: boolean; extensionDir?: string; profileDir?: string; headless?: boolean; locale?: string } = {},
): Promise<Launched> {
  // A given profile is the caller's to keep (e.g. to reopen it after an update); a fresh one is removed on close.
  const profile = o.profileDir ?? mkdtempSync(join(tmpdir(), 'tabel-chromium-'));
  const args = [...BASE_ARGS, ...(o.portalArgs ?? [])];
  const dir = o.extensionDir ?? EXTENSION_DIR;
  if (o.extension) args.push(`--disable-extensions-except=${dir}`, `--load-extension=${dir}`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: o.headless ?? true,
    args,
    locale: o.locale ?? 'ru-RU',
    viewport: { width: 1280, height: 860 },
  });
  let worker: Worker | undefined;
  if (o.extension) worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  return {
    context,
    worker,
    extensionId: worker ? new URL(worker.url()).host : undefined,
    close: async () => {
      await context.close();
      if (!o.profileDir) rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Sends a runtime message to the background from an extension page. A worker's own
 * sendMessage never reaches itself, and the popup or options pages would load the diary
 * themselves, so a plain extension document (the manifest) carries it.
 */
export async function messageBackground(b: Launched, message: object): Promise<unknown> {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/manifest.json`);
  const answer = await page.evaluate((m) => (globalThis as { chrome?: any }).chrome.runtime.sendMessage(m), message);
  await page.close();
  return answer;
}

export const MARKS_PAGE = 'https://school.mos.ru/diary/marks/current-marks';

/**
 * Logs in as the emulator's demo parent through the whole chain (school.mos.ru → login.mos.ru →
 * back) and returns the page, on the marks page; with `overlay`, once Tabel's results are there.
 */
export async function logInAsParent(b: Launched, o: { overlay?: boolean } = {}): Promise<Page> {
  const page = await b.context.newPage();
  await page.goto('https://school.mos.ru/v3/auth/sudir/login');
  await page.fill('#login', 'parent');
  await page.fill('#password', 'parent');
  await page.click('#bind');
  await page.waitForURL(MARKS_PAGE);
  if (o.overlay) await page.waitForSelector('[data-tabel-subject]');
  return page;
}

/** Changes stored settings the way the options page would (the background normalizes what it reads). */
export async function patchSettings(b: Launched, patch: object): Promise<void> {
  await b.worker!.evaluate(mergeStoredSettings, settingsPatch(patch));
}

/** The emulated «Моя школа» node's marks page. */
export const REGIONAL_MARKS_PAGE = 'https://authedu.mosreg.ru/diary/marks/current-marks';

/** Logs in on the emulated regional node through its ЕСИА (its own login, not mos.ru) and returns the page on its marks page. */
export async function logInToRegion(b: Launched, o: { overlay?: boolean } = {}): Promise<Page> {
  const page = await b.context.newPage();
  await page.goto('https://authedu.mosreg.ru/v3/auth/esia/login');
  await page.fill('#login', 'parent');
  await page.fill('#password', 'parent');
  await page.click('#bind');
  await page.waitForURL(REGIONAL_MARKS_PAGE);
  if (o.overlay) await page.waitForSelector('[data-tabel-subject]');
  return page;
}

/** The emulated «Сетевой город» site's diary page. */
export const SGO_DIARY_PAGE = 'https://sgo.rso23.ru/app/school/studentdiary/';

/** Logs in on the emulated «Сетевой город» site through its own `/authorize` page and returns the page on its diary. */
export async function logInToSgo(b: Launched): Promise<Page> {
  const page = await b.context.newPage();
  await page.goto('https://sgo.rso23.ru/authorize');
  await page.fill('#un', 'parent');
  await page.fill('#pw', 'parent');
  await page.click('#enter');
  await page.waitForURL(SGO_DIARY_PAGE);
  return page;
}

/**
 * A copy of the built extension with optional hosts granted at install, as a managed install
 * would: headless Chromium cannot answer the permission prompt a user sees when enabling a node
 * (that path is unit-tested with the browser's API faked). Removed with `rm`.
 */
export function withHostsGranted(origins: readonly string[], from = EXTENSION_DIR): { dir: string; rm(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tabel-granted-'));
  cpSync(from, dir, { recursive: true });
  const path = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  manifest.host_permissions = [...manifest.host_permissions, ...origins];
  writeFileSync(path, JSON.stringify(manifest));
  return { dir, rm: () => rmSync(dir, { recursive: true, force: true }) };
}
