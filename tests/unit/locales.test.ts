import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYSTEMS } from '../../lib/sources/registry';

/** The manifest's texts (public/_locales): the same in both languages, within the stores' limits, naming every system Tabel reads. */
const ROOT = resolve(import.meta.dirname, '../../public/_locales');
const messages = (lang: 'ru' | 'en') =>
  JSON.parse(readFileSync(resolve(ROOT, lang, 'messages.json'), 'utf8')) as Record<string, { message: string; description: string }>;

describe('the manifest in two languages', () => {
  it('has the same keys in Russian and English, each with a note for translators', () => {
    expect(Object.keys(messages('en')).sort()).toEqual(Object.keys(messages('ru')).sort());
    for (const lang of ['ru', 'en'] as const)
      for (const m of Object.values(messages(lang))) expect(m.description.length).toBeGreaterThan(10);
  });

  for (const lang of ['ru', 'en'] as const) {
    it(`${lang}: the name within Firefox's 45 characters, the description within Chrome's 132, every system named`, () => {
      const m = messages(lang);
      expect([...m.extName!.message].length).toBeLessThanOrEqual(45);
      expect([...m.extShortName!.message].length).toBeLessThanOrEqual(12);
      expect([...m.extDescription!.message].length).toBeLessThanOrEqual(132);
      for (const s of SYSTEMS) expect(m.extDescription!.message).toContain(s.name[lang]);
    });
  }
});
