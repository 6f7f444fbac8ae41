import type { Page } from 'playwright-core';

/** One result the overlay put beside a subject, as a person reads it: the name, the two decimals, the figure, its tooltip (the period last), the whole text. */
export interface ShownResult {
  subject: string;
  average: string;
  figure: string;
  title: string;
  /** The period the tooltip names (its last part). */
  period: string;
  text: string;
}

/** Every result the overlay shows on the page, in page order. */
export const resultsOn = (page: Page): Promise<ShownResult[]> =>
  page.evaluate(() =>
    [...document.querySelectorAll('[data-tabel-subject]')].map((e) => {
      const title = e.querySelector('b')?.getAttribute('title') ?? '';
      return {
        subject: e.getAttribute('data-tabel-subject')!,
        average: e.getAttribute('data-tabel-average')!,
        figure: e.querySelector('b')?.textContent ?? '',
        title,
        period: title.split(' · ').at(-1) ?? '',
        text: e.textContent ?? '',
      };
    }),
  );

/** Opens the overlay's panel with its button, as a person does, once its subjects are listed: the panel's whole text, shadow roots included. */
export async function openPanel(page: Page): Promise<string> {
  await page.click('[data-tabel-host] >> css=button.fab');
  await page.waitForFunction(
    () => (document.querySelector('[data-tabel-host]')?.shadowRoot?.querySelectorAll('ul.subjects li').length ?? 0) > 5,
    null,
    { timeout: 20_000 },
  );
  return page.evaluate(() => {
    const root = document.querySelector('[data-tabel-host]')!.shadowRoot!;
    return `${root.textContent} ${[...root.querySelectorAll('*')].map((e) => e.shadowRoot?.textContent ?? '').join(' ')}`;
  });
}
