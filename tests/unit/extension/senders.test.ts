import { describe, expect, it } from 'vitest';
import { mayAsk } from '../../../extension/messages';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const page = { id: ID, url: 'https://school.mos.ru/diary/marks/current-marks' };
const popup = { id: ID, url: `${ORIGIN}popup.html` };

describe('who may ask the background for what', () => {
  it('a diary page’s content script only for what its page draws', () => {
    for (const type of ['tabel:overlay', 'tabel:diary', 'tabel:visit'])
      expect(mayAsk(page, { type, studentId: '1' }, ID, ORIGIN), type).toBe(true);
    expect(mayAsk(page, { type: 'tabel:history', studentId: '1' }, ID, ORIGIN)).toBe(true);
    // Not every child's history, not an import, not a deletion, not the test hooks.
    for (const m of [
      { type: 'tabel:history' },
      { type: 'tabel:import', diaries: [] },
      { type: 'tabel:delete-all' },
      { type: 'tabel:forget-student', studentId: '1' },
      { type: 'tabel:check-now' },
      { type: 'tabel:keeper-alarm' },
      { type: 'tabel:session' },
      { type: 'tabel:students' },
    ]) {
      expect(mayAsk(page, m, ID, ORIGIN), m.type).toBe(false);
    }
  });

  it('the extension’s own pages for everything; nobody else for anything', () => {
    for (const type of ['tabel:import', 'tabel:delete-all', 'tabel:history', 'tabel:session'])
      expect(mayAsk(popup, { type }, ID, ORIGIN)).toBe(true);
    expect(mayAsk({ id: 'another-extension', url: `${ORIGIN}popup.html` }, { type: 'tabel:history' }, ID, ORIGIN)).toBe(false);
    expect(mayAsk(popup, 'tabel:history', ID, ORIGIN)).toBe(false);
    expect(mayAsk(popup, null, ID, ORIGIN)).toBe(false);
  });
});
