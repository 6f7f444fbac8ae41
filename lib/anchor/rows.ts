import { readersFor, scanPage, type Found } from './scan';
import type { SubjectIndex } from './text';

/**
 * Finding the subject rows of a diary page by what they say, not by how they are styled: the
 * elements whose text is a subject's name, each climbed to the largest element that holds that one
 * subject, and of those the ones that form the page's repeated structure (siblings shaped alike).
 * No class name or id is read, so a release that renames every class changes nothing here.
 */

// Menus, pickers and navigation list subjects too; a row is never inside one.
const MENU_TAGS = new Set(['NAV', 'SELECT', 'OPTION', 'OPTGROUP', 'DATALIST', 'MENU']);
const MENU_ROLES = new Set([
  'navigation',
  'menu',
  'menubar',
  'menuitem',
  'menuitemradio',
  'menuitemcheckbox',
  'listbox',
  'option',
  'combobox',
  'tooltip',
]);

export interface SubjectRow {
  /** The subject's id in the diary. */
  subject: string;
  /** The row: the largest element holding this subject and no other. */
  row: HTMLElement;
  /** The element whose text names the subject. */
  name: HTMLElement;
  /** Where a result goes: the row, or the name's cell when the row is a table row. */
  slot: HTMLElement;
}

function inMenu(el: Element, root: Element): boolean {
  for (let a: Element | null = el; a && a !== root; a = a.parentElement) {
    if (MENU_TAGS.has(a.tagName.toUpperCase())) return true;
    const role = a.getAttribute('role');
    if (role && MENU_ROLES.has(role)) return true;
  }
  return false;
}

/** The row's shape without class names: its tag, how deep the name sits in it, the name's tag. */
function signatureOf(row: Element, name: Element): string {
  let depth = 0;
  for (let a: Element | null = name; a && a !== row; a = a.parentElement) depth++;
  return `${row.tagName}/${depth}/${name.tagName}`;
}

/** Counts the digits and mark-like words under an element: real rows carry marks, menus do not. */
function contentWeight(row: Element): number {
  const t = row.textContent ?? '';
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * The subject rows of a diary page for these subjects, in page order. Empty when the page names
 * none of them where a row could be (then the overlay steps aside and says so).
 */
export function findSubjectRows(root: Element, index: SubjectIndex): SubjectRow[] {
  if (!index.forms.length) return [];
  return rowsOf(root, scanPage(root, readersFor(index, index, [], [])).names);
}

/** The rows for the elements a scan found naming subjects (scan.ts). */
export function rowsOf(root: Element, names: ReadonlyArray<Found<string>>): SubjectRow[] {
  const candidates = names.map((n) => ({ subject: n.value, el: n.el }));
  if (!candidates.length) return [];

  // Which subjects each ancestor holds, to climb each name to the largest element that holds it alone.
  const holds = new Map<Element, Set<string>>();
  for (const c of candidates) {
    for (let a: Element | null = c.el; a && a !== root.parentElement; a = a.parentElement) {
      let s = holds.get(a);
      if (!s) holds.set(a, (s = new Set()));
      s.add(c.subject);
    }
  }
  type Row = { subject: string; row: HTMLElement; name: HTMLElement; sig: string; parent: Element | null };
  const rows: Row[] = [];
  for (const c of candidates) {
    if (inMenu(c.el, root)) continue;
    let row: HTMLElement = c.el;
    while (row.parentElement && row.parentElement !== root && holds.get(row.parentElement)?.size === 1) row = row.parentElement;
    // A page naming only this subject: the name's own element is the row, nothing bigger can be told.
    if (row.parentElement === root && holds.get(root)?.size === 1) row = c.el;
    rows.push({ subject: c.subject, row, name: c.el, sig: signatureOf(row, c.el), parent: row.parentElement });
  }
  if (!rows.length) return [];

  // The page's repeated structure: of the row shapes, the one whose siblings (rows under one
  // parent) name the most subjects; ties go to the shape whose rows carry more figures, so a list
  // of links loses to the marks table. Rows of that shape under other parents count too (a table
  // in sections).
  const shapes = new Map<string, Row[]>();
  for (const r of rows) shapes.set(r.sig, [...(shapes.get(r.sig) ?? []), r]);
  const weigh = (rs: readonly Row[]) => rs.reduce((n, r) => n + contentWeight(r.row), 0);
  let best: { rows: Row[]; score: number; weight: number | null } | null = null;
  for (const shaped of shapes.values()) {
    const byParent = new Map<Element | null, Set<string>>();
    for (const r of shaped) {
      let set = byParent.get(r.parent);
      if (!set) byParent.set(r.parent, (set = new Set()));
      set.add(r.subject);
    }
    const score = Math.max(...[...byParent.values()].map((set) => set.size));
    if (best && score < best.score) continue;
    if (!best || score > best.score) {
      best = { rows: shaped, score, weight: null };
      continue;
    }
    // Weighed only when two shapes tie: reading every row's text is the costly part.
    best.weight ??= weigh(best.rows);
    const weight = weigh(shaped);
    if (weight > best.weight) best = { rows: shaped, score, weight };
  }
  const unique = best!.rows.filter((r, i, all) => all.findIndex((x) => x.row === r.row) === i);
  unique.sort((a, b) => (a.row.compareDocumentPosition(b.row) & 4 ? -1 : 1));
  return unique.map((r) => ({ subject: r.subject, row: r.row, name: r.name, slot: slotOf(r.row, r.name) }));
}

/** A table row takes the result in the name's cell (a row holds only cells); anything else takes it at its end. */
function slotOf(row: HTMLElement, name: HTMLElement): HTMLElement {
  if (row.tagName !== 'TR') return row;
  for (let a: HTMLElement | null = name; a && a !== row; a = a.parentElement) if (a.tagName === 'TD' || a.tagName === 'TH') return a;
  return row;
}
