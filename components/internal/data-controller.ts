import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { parseDiary, parseMarks, type ParseResult } from '../../lib/model/validate';
import type { Diary, Mark } from '../../lib/model/types';
import { fire } from './events';

/** Where an element's data stands: none yet, `src` loading, a valid diary, or an error to show. */
export type DataStatus = 'empty' | 'pending' | 'complete' | 'error';

/** What the controller needs of its element. */
export interface DataHost extends ReactiveControllerHost, HTMLElement {
  src: string;
  allowRedirect: boolean;
}

/** A bare `Mark[]` as a diary: subjects named by their ids, no periods. */
function diaryOf(r: ParseResult<Mark[]>): ParseResult<Diary> {
  if (!r.ok) return r;
  const subjects = [...new Set(r.value.map((m) => m.subject))].map((id) => ({ id, name: id }));
  return { ok: true, value: { version: 1, student: { id: '', name: '' }, subjects, periods: [], marks: r.value } };
}

/** A JSON document as a diary: an array is a list of marks. */
const parsed = (json: unknown): ParseResult<Diary> => (Array.isArray(json) ? diaryOf(parseMarks(json)) : parseDiary(json));

/**
 * An element's data, in the manner of Lit's Task: `data` or `marks` given from script are validated
 * at once; a `src` is fetched when it changes (in the update, never on every render), the previous
 * request aborted; a result arriving after newer data is dropped. The element renders from
 * `status`, `diary` and `error`, and hears `tabel-load` / `tabel-error`.
 */
export class DataController implements ReactiveController {
  status: DataStatus = 'empty';
  /** The validated diary, or null. */
  diary: Diary | null = null;
  /** Why the data cannot be shown; empty unless `status` is `error`. */
  error = '';
  private abort?: AbortController;
  private src = '';

  constructor(private readonly host: DataHost) {
    host.addController(this);
  }

  /** A diary from script. */
  setDiary(value: unknown): void {
    this.take(value == null ? null : parseDiary(value));
  }

  /** A bare list of marks from script. */
  setMarks(value: unknown): void {
    this.take(value == null ? null : diaryOf(parseMarks(value)));
  }

  hostUpdate(): void {
    const src = this.host.src ?? '';
    if (src === this.src) return;
    this.src = src;
    if (src) void this.load(src);
  }

  private take(r: ParseResult<Diary> | null): void {
    this.abort?.abort();
    this.diary = r?.ok ? r.value : null;
    this.error = r && !r.ok ? r.error.message : '';
    this.status = !r ? 'empty' : r.ok ? 'complete' : 'error';
    if (r && !r.ok) fire(this.host, 'tabel-error', { error: r.error });
    this.host.requestUpdate();
  }

  private async load(src: string): Promise<void> {
    this.abort?.abort();
    const ac = (this.abort = new AbortController());
    this.status = 'pending';
    this.diary = null;
    this.error = '';
    try {
      const { jsonAt } = await import('./load');
      const json = await jsonAt(src, ac.signal, this.host.allowRedirect);
      if (ac.signal.aborted) return;
      this.take(parsed(json));
      if (this.diary) fire(this.host, 'tabel-load', { src });
    } catch (e) {
      if (ac.signal.aborted) return;
      const error = e instanceof Error ? e : new Error(String(e));
      this.status = 'error';
      this.error = error.message.startsWith(src) ? error.message : `${src}: ${error.message}`;
      fire(this.host, 'tabel-error', { error });
      this.host.requestUpdate();
    }
  }
}
