import type { SchemaIssue } from '../types';

/**
 * Reading untrusted MESH JSON without ever throwing: every accessor returns `undefined` (or null)
 * for what it cannot use and records a `SchemaIssue` naming the endpoint and the JSON path, so
 * schema drift is reported precisely while the rest of the response still comes through.
 */

export type JsonObject = Record<string, unknown>;

export type Need = 'required' | 'optional';

export function isObject(x: unknown): x is JsonObject {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Own properties only: a key such as `constructor` must not find `Object.prototype`'s. */
export function own(obj: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** `payload` + 3 → `payload[3]`; `payload[3]` + `weight` → `payload[3].weight`. */
export function childPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

const ISO_DAY = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:$|[T ])/;
const RU_DAY = /^(0[1-9]|[12]\d|3[01])\.(0[1-9]|1[0-2])\.(\d{4})$/;
const NUMERIC = /^\s*-?\d+([.,]\d+)?\s*$/;
const TIME = /^([01]?\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?$/;

/** Whether a year, month and day make a date (30 February does not). */
function exists(y: string, m: string, d: string): boolean {
  const t = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return t.getUTCFullYear() === Number(y) && t.getUTCMonth() === Number(m) - 1 && t.getUTCDate() === Number(d);
}

/** `YYYY-MM-DD` from an ISO date, an ISO date-time or the web profile's `dd.MM.yyyy`; null otherwise, and for a day that does not exist. */
export function isoDayOf(s: string): string | null {
  const t = s.trim();
  const iso = ISO_DAY.exec(t);
  if (iso) return exists(iso[1]!, iso[2]!, iso[3]!) ? `${iso[1]}-${iso[2]}-${iso[3]}` : null;
  const ru = RU_DAY.exec(t);
  return ru && exists(ru[3]!, ru[2]!, ru[1]!) ? `${ru[3]}-${ru[2]}-${ru[1]}` : null;
}

/** `HH:MM` from `8:30`, `08:30` or `08:30:00`; null otherwise. */
export function hhmmOf(s: string): string | null {
  const m = TIME.exec(s.trim());
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : null;
}

/** MESH writes figures as strings ("4.40"); a number is taken as it is. */
export function decimalOf(x: unknown): number | null {
  if (typeof x === 'number') return Number.isFinite(x) ? x : null;
  if (typeof x === 'string' && NUMERIC.test(x)) return Number(x.trim().replace(',', '.'));
  return null;
}

export class Reader {
  readonly issues: SchemaIssue[] = [];

  constructor(readonly endpoint: string) {}

  report(path: string, message: string): void {
    this.issues.push({ endpoint: this.endpoint, path, message });
  }

  /** Absent and null are the same to MESH (optional fields come as null). */
  private absent(path: string, need: Need): undefined {
    if (need === 'required') this.report(path, 'missing');
    return undefined;
  }

  object(value: unknown, path: string, need: Need = 'required'): JsonObject | null {
    if (isObject(value)) return value;
    if (value === undefined || value === null) {
      if (need === 'required') this.report(path, 'missing');
    } else this.report(path, 'expected an object');
    return null;
  }

  list(value: unknown, path: string, need: Need = 'required'): unknown[] | null {
    if (Array.isArray(value)) return value;
    if (value === undefined || value === null) {
      if (need === 'required') this.report(path, 'missing');
    } else this.report(path, 'expected a list');
    return null;
  }

  /** A list of objects: items that are not objects are reported and left out, keeping their index in the path. */
  objects(value: unknown, path: string, need: Need = 'required'): Array<{ item: JsonObject; path: string }> {
    const items = this.list(value, path, need);
    if (!items) return [];
    const out: Array<{ item: JsonObject; path: string }> = [];
    items.forEach((item, i) => {
      const at = childPath(path, i);
      if (isObject(item)) out.push({ item, path: at });
      else this.report(at, 'expected an object');
    });
    return out;
  }

  /** An id: a finite number or a non-empty string, returned as a string. */
  id(obj: JsonObject, key: string, base: string, need: Need): string | undefined {
    const path = childPath(base, key);
    const x = own(obj, key);
    if (x === undefined || x === null) return this.absent(path, need);
    if (typeof x === 'number' && Number.isFinite(x)) return String(x);
    if (typeof x === 'string' && x.trim() !== '') return x.trim();
    this.report(path, 'expected an id');
    return undefined;
  }

  text(obj: JsonObject, key: string, base: string, need: Need): string | undefined {
    const path = childPath(base, key);
    const x = own(obj, key);
    if (x === undefined || x === null) return this.absent(path, need);
    if (typeof x === 'string') return x;
    this.report(path, 'expected a string');
    return undefined;
  }

  /** A number, also when MESH writes it as a string ("4.40"). */
  decimal(obj: JsonObject, key: string, base: string, need: Need): number | undefined {
    const path = childPath(base, key);
    const x = own(obj, key);
    if (x === undefined || x === null) return this.absent(path, need);
    const n = decimalOf(x);
    if (n !== null) return n;
    // An empty string is how some MESH figures say "none yet".
    if (x === '' && need === 'optional') return undefined;
    this.report(path, 'expected a number');
    return undefined;
  }

  bool(obj: JsonObject, key: string, base: string): boolean | undefined {
    const x = own(obj, key);
    if (x === undefined || x === null) return undefined;
    if (typeof x === 'boolean') return x;
    this.report(childPath(base, key), 'expected true or false');
    return undefined;
  }

  /** A day as `YYYY-MM-DD`. */
  day(obj: JsonObject, key: string, base: string, need: Need): string | undefined {
    const path = childPath(base, key);
    const x = own(obj, key);
    if (x === undefined || x === null) return this.absent(path, need);
    const d = typeof x === 'string' ? isoDayOf(x) : null;
    if (d) return d;
    this.report(path, 'expected a date (YYYY-MM-DD)');
    return undefined;
  }

  /** A time of day as `HH:MM`. */
  time(obj: JsonObject, key: string, base: string, need: Need): string | undefined {
    const path = childPath(base, key);
    const x = own(obj, key);
    if (x === undefined || x === null) return this.absent(path, need);
    const t = typeof x === 'string' ? hhmmOf(x) : null;
    if (t) return t;
    this.report(path, 'expected a time (HH:MM)');
    return undefined;
  }

  result<T>(value: T): { value: T; issues: SchemaIssue[] } {
    return { value, issues: this.issues };
  }
}
