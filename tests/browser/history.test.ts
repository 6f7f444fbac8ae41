/**
 * The archive's uses in the built extension, in Chromium's real IndexedDB on the emulated portal:
 * export files that parse back and re-import, the print report with the certificate average,
 * quiet hours holding notifications back.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvOfDiaries, importFileOf, rowsOfCsv } from '../../lib/export/files';
import { certificateOf } from '../../lib/grades/certificate';
import { averageDigits, subjectSummaries } from '../../lib/grades';
import type { Diary } from '../../lib/model/types';
import { startPortal, type Portal } from '../../portal/server';
import { launchChromium, logInAsParent, messageBackground, patchSettings, type Launched } from '../support/chromium';

let portal: Portal;
let browser: Launched;
const sw = <T>(fn: (arg: any) => Promise<T>, arg?: unknown) => browser.worker!.evaluate(fn, arg);
const send = (message: object) => messageBackground(browser, message);
const history = async () => ((await send({ type: 'tabel:history' })) as { diaries: Diary[] }).diaries;
const settings = (patch: object) => patchSettings(browser, patch);

beforeAll(async () => {
  portal = await startPortal({ seed: 33 });
  browser = await launchChromium({ portalArgs: portal.chromiumArgs(), extension: true });
  await (await logInAsParent(browser, { overlay: true })).close();
  // The periodic check reads every child into the archive.
  await send({ type: 'tabel:check-now' });
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

describe('history in the extension', () => {
  it("archives both children, with past years' year marks for the ninth-grader", async () => {
    const diaries = await history();
    expect(diaries.map((d) => d.student.id).sort()).toEqual(portal.world.children.map((c) => String(c.id)).sort());
    for (const [i, child] of portal.world.children.entries()) {
      const d = diaries.find((x) => x.student.id === String(child.id))!;
      expect(d.marks).toHaveLength(child.marks.length);
      expect(d.finals ?? []).toHaveLength(portal.world.children[i]!.finals.length);
    }
  });

  it('exports CSV and JSON from the options page that parse back, and re-imports JSON into an emptied archive', async () => {
    const before = await history();
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.waitForSelector('[data-archive-summary]');
    expect(await options.textContent('[data-archive-summary]')).toContain('детей — 2');
    // The archive is kept under disk pressure: the permission is granted, and the page says so.
    await options.waitForSelector('[data-archive-protected]');
    expect(await options.getAttribute('[data-archive-protected]', 'data-archive-protected')).toBe('true');
    expect(await options.evaluate(() => (globalThis as any).chrome.permissions.contains({ permissions: ['unlimitedStorage'] }))).toBe(true);
    await options.screenshot({ path: 'test-results/options-data-ru.png', fullPage: true });

    const [csvDownload] = await Promise.all([options.waitForEvent('download'), options.click('[data-export=csv]')]);
    const csv = readFileSync((await csvDownload.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toBe(csvOfDiaries(before, 'ru'));
    const rows = rowsOfCsv(csv, ';');
    expect(rows).toHaveLength(1 + before.reduce((n, d) => n + d.marks.length, 0));
    expect(rows[0]!.slice(0, 5)).toEqual(['Ученик', 'Класс', 'Предмет', 'Дата', 'Оценка']);

    // The archive as stored, every store: what the round trip must give back.
    const stored = async () => ((await send({ type: 'tabel:backup' })) as { archive: unknown }).archive;
    const archiveBefore = await stored();
    const [jsonDownload] = await Promise.all([options.waitForEvent('download'), options.click('[data-export=json]')]);
    const jsonPath = (await jsonDownload.path())!;
    const parsed = importFileOf(readFileSync(jsonPath, 'utf8'));
    expect(parsed.ok && parsed.diaries).toEqual(before);

    // Lose one child's archive, then load the file again: it all comes back, and a second load adds nothing.
    const liza = before.find((d) => d.student.grade === 9)!;
    options.on('dialog', (d) => void d.accept());
    await options.click(`[data-forget-student="${liza.student.id}"]`);
    await expect.poll(async () => (await history()).map((d) => d.student.id)).not.toContain(liza.student.id);
    await options.waitForSelector(`[data-archived-student="${liza.student.id}"]`, { state: 'detached' });
    await options.setInputFiles('[data-import]', jsonPath);
    await expect.poll(() => options.textContent('.status')).toContain('новых оценок — ' + liza.marks.length);
    const after = await history();
    const back = after.find((d) => d.student.id === liza.student.id)!;
    expect(back.marks).toEqual(liza.marks);
    expect(back.finals).toEqual(liza.finals);
    await options.setInputFiles('[data-import]', jsonPath);
    await expect.poll(() => options.textContent('.status')).toContain('новых оценок — 0');
    expect(await stored()).toEqual(archiveBefore);

    // The backup's whole round trip: export, delete all, import — the archive exactly as it was.
    expect(await send({ type: 'tabel:delete-all' })).toEqual({ ok: true });
    expect(await history()).toEqual([]);
    await options.setInputFiles('[data-import]', jsonPath);
    await expect.poll(() => options.textContent('.status')).toContain('детей — 2');
    expect(await stored()).toEqual(archiveBefore);
    expect(await history()).toEqual(before);

    // A broken file is refused whole, with the reason.
    const bad = JSON.parse(readFileSync(jsonPath, 'utf8'));
    bad.diaries[0].marks[0].weight = 'heavy';
    await options.setInputFiles('[data-import]', {
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    await expect.poll(() => options.textContent('.status')).toContain('diaries[0].marks[0].weight');
    await options.close();
  });

  it("the overlay panel's progress chart draws earlier years from the archive", async () => {
    const misha = (await history()).find((d) => d.student.grade !== 9)!;
    const page = await browser.context.newPage();
    await page.goto('https://school.mos.ru/diary/marks/current-marks');
    await page.waitForSelector('[data-tabel-subject]');
    // A mark from two years ago, for the subject the chart opens on (the first with marks), as an import brings it.
    const first = await page.evaluate(() => document.querySelector('[data-tabel-subject]')!.getAttribute('data-tabel-subject'));
    const subject = misha.subjects.find((x) => x.name === first)!;
    const past = {
      ...misha,
      periods: [{ id: 'past-year', name: '2024/2025', start: '2024-09-01', end: '2025-05-31', kind: 'year' }],
      marks: [{ id: 'past-1', value: 3, weight: 1, date: '2024-10-01', subject: subject.id, scale: 'five' }],
      reported: [],
    };
    expect(await send({ type: 'tabel:import', diaries: [past] })).toMatchObject({ ok: true, added: 1 });
    await page.click('[data-tabel-host] >> css=button.fab');
    await page.click('[data-tabel-host] >> css=[data-tab="chart"]');
    const xs = await page.waitForFunction(() => {
      const el = document.querySelector('[data-tabel-host]')?.shadowRoot?.querySelector('tabel-progress-chart') as
        (Element & { chart?: { data: { datasets: Array<{ data: Array<{ x: number }> }> } } }) | null;
      return el?.chart ? el.chart.data.datasets[0]!.data.map((p) => p.x) : null;
    });
    const days = (await xs.jsonValue()) as number[];
    expect(Math.min(...days)).toBe(Math.round(Date.parse('2024-10-01T00:00:00Z') / 864e5));
    expect(Math.max(...days)).toBeGreaterThan(Math.round(Date.parse('2025-09-01T00:00:00Z') / 864e5));
    await page.close();
  });

  it('"delete all my data" empties the archive too', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.waitForSelector('[data-archived-student]');
    const saved = (await history()).length;
    expect(saved).toBe(2);
    options.on('dialog', (d) => void d.accept());
    await options.click('button.danger:not(.link)');
    await expect.poll(async () => (await history()).length).toBe(0);
    expect(await options.textContent('[data-archive-summary]')).toContain('Архив пока пуст');
    await options.close();
    // Fill it again for the tests after this one.
    await send({ type: 'tabel:check-now' });
    await expect.poll(async () => (await history()).length).toBe(2);
  });

  it('prints a report per child from the archive, with the certificate average for the ninth-grader', async () => {
    const diaries = await history();
    for (const lang of ['ru', 'en'] as const) {
      await settings({ language: lang, targets: { [diaries.find((d) => d.student.grade === 9)!.student.id]: { '*': 4.6 } } });
      const page = await browser.context.newPage();
      await page.goto(`chrome-extension://${browser.extensionId}/report.html`);
      await page.waitForSelector('[data-report-student] tabel-grade-table');
      expect(await page.$$eval('[data-report-student]', (els) => els.length)).toBe(2);
      // Every period cell agrees with the engine on the same data.
      for (const d of diaries) {
        const year = d.periods.find((p) => p.kind === 'year')!;
        const cells = await page.$$eval(`[data-report-student="${d.student.id}"] td[data-period="${year.id}"]`, (els) =>
          els.map((e) => [e.getAttribute('data-subject'), e.getAttribute('data-average')]),
        );
        const expected = subjectSummaries(d, { period: year.id }).filter((x) => x.marks.length);
        expect(cells.length).toBe(expected.length);
        for (const [subject, avg] of cells) {
          const s = expected.find((x) => x.subject.id === subject)!;
          expect(avg).toBe(s.exact === null ? null : averageDigits(s.exact));
        }
      }
      const liza = diaries.find((d) => d.student.grade === 9)!;
      const cert = certificateOf(liza, {});
      const shown = await page.textContent(`[data-report-student="${liza.student.id}"] [data-certificate-likely]`);
      expect(shown).toBe(lang === 'ru' ? cert.likely!.value.toFixed(2).replace('.', ',') : cert.likely!.value.toFixed(2));
      await page.waitForFunction(() => !!document.querySelector('tabel-progress-chart')?.shadowRoot?.querySelector('canvas'));
      await page.waitForTimeout(300);
      await page.screenshot({ path: `test-results/report-${lang}.png`, fullPage: true });
      // The print layout: what the PDF gets.
      await page.emulateMedia({ media: 'print' });
      expect(await page.isVisible('button')).toBe(false);
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      await page.close();
    }
    await settings({ language: 'ru' });
  });

  it('holds notifications during quiet hours and tells them once the hours are over', async () => {
    const misha = portal.world.children[0]!.id;
    const notes = async () =>
      Object.keys((await sw(() => (globalThis as any).chrome.notifications.getAll())) as object).filter((k) =>
        k.startsWith(`tabel-new-${misha}`),
      );
    for (const id of await notes()) await sw((n: string) => (globalThis as any).chrome.notifications.clear(n), id);
    // Quiet hours around the browser's "now", whatever the clock says.
    const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    const clock = new Date(await sw(async () => Date.now()));
    await settings({
      notifications: true,
      quietHours: { enabled: true, from: hhmm(new Date(clock.getTime() - 3600_000)), to: hhmm(new Date(clock.getTime() + 3600_000)) },
    });
    portal.addMarks({ childId: misha, count: 3, value: '4' });
    await send({ type: 'tabel:check-now' });
    expect(await notes()).toEqual([]);
    expect(await sw(async () => (await (globalThis as any).chrome.storage.local.get('pendingAlerts')).pendingAlerts)).toEqual({
      [String(misha)]: 3,
    });
    // The hours end (here: switched off); the next check tells what was held.
    await settings({ quietHours: { enabled: false, from: '22:00', to: '07:00' } });
    await send({ type: 'tabel:check-now' });
    expect(await notes()).toHaveLength(1);
    expect(await sw(async () => (await (globalThis as any).chrome.storage.local.get('pendingAlerts')).pendingAlerts)).toEqual({});
  });
});
