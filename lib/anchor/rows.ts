import type { Named } from './text';
import { subjectMatcher } from './text';

/**
 * Finding the subject rows of a diary page by what they say, not by how they are styled: the
 * elements whose text is a subject's name, each climbed to the largest element that holds that one
 * subject, and of those the ones that form the page's repeated structure (siblings shaped alike).
 * No class name or id is read, so a release that renames every class changes nothing here.
 */

/** Tabel's own elements: never read as the page's, never anchored to. */
export const OWN = '[data-tabel-subject],[data-tabel-host],[data-tabel-notice],[data-tabel-probe]';
const isOwn = (el: Element) => el.hasAttribute('data-tabel-subject') || el.hasAttribute('data-tabel-host') || el.hasAttribute('data-tabel-notice') || el.hasAttribute('data-tabel-probe');

/** Elements whose text is not the page's visible content. */
// Options of a closed list are not shown (a `<select>` shows its chosen one: reading.ts reads that).
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'TITLE', 'SVG', 'CANVAS', 'IFRAME', 'OPTION', 'OPTGROUP', 'DATALIST']);
/** Menus, pickers and navigation list subjects too; a row is never inside one. */
const MENU_TAGS = new Set(['NAV', 'SELECT', 'OPTION', 'OPTGROUP', 'DATALIST', 'MENU']);
const MENU_ROLES = new Set(['navigation', 'menu', 'menubar', 'menuitem', 'menuitemradio', 'menuitemcheckbox', 'listbox', 'option', 'combobox', 'tooltip']);

/** Hidden by the page itself (the attribute, ARIA, or a style that leaves no box). */
function hiddenByAttribute(el: Element): boolean {
  return el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true' || (el as HTMLElement).style?.display === 'none';
}

export interface TextWalk {
  node: Text;
  text: string;
}

/**
 * The visible text nodes under `root`, in document order, skipping Tabel's own elements, scripts,
 * styles and what the page hides; `keep` prunes by the text itself (cheap tests first).
 */
export function textNodes(root: Node, keep: (text: string) => boolean = () => true, skip?: (el: Element) => boolean): TextWalk[] {
  const doc = root.ownerDocument ?? (root as Document);
  const out: TextWalk[] = [];
  const walker = doc.createTreeWalker(root, 0x1 | 0x4 /* SHOW_ELEMENT | SHOW_TEXT */, {
    acceptNode(node) {
      if (node.nodeType === 1) {
        const el = node as Element;
        if (SKIP.has(el.tagName.toUpperCase()) || isOwn(el) || hiddenByAttribute(el) || skip?.(el)) return 2; // FILTER_REJECT
        return 3; // FILTER_SKIP: look inside
      }
      return 1; // FILTER_ACCEPT
    },
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n as Text).data;
    if (text.length && keep(text)) out.push({ node: n as Text, text });
  }
  return out;
}

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
export function findSubjectRows(root: Element, subjects: readonly Named[]): SubjectRow[] {
  if (!subjects.length) return [];
  const match = subjectMatcher(subjects);
  const candidates: Array<{ subject: string; el: HTMLElement }> = [];
  const seen = new Set<Element>();
  for (const { node, text } of textNodes(root, (t) => t.length <= 80 && /\S/.test(t))) {
    const parent = node.parentElement;
    if (!parent || seen.has(parent)) continue;
    let subject = match(text);
    let el: HTMLElement = parent;
    // A name split over several nodes («Алгебра <small>углубл.</small>» is not this, but «Физ<wbr>-ра» is).
    if (subject === null && parent.childNodes.length > 1) {
      const whole = parent.textContent ?? '';
      if (whole.length <= 80) subject = match(whole);
    }
    if (subject === null) continue;
    if (parent.tagName === 'SUB' || parent.tagName === 'SUP') el = parent.parentElement as HTMLElement;
    seen.add(el);
    candidates.push({ subject, el });
  }
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
  let best: { rows: Row[]; score: number; weight: number } | null = null;
  for (const shaped of shapes.values()) {
    const byParent = new Map<Element | null, Set<string>>();
    for (const r of shaped) {
      let set = byParent.get(r.parent);
      if (!set) byParent.set(r.parent, (set = new Set()));
      set.add(r.subject);
    }
    const score = Math.max(...[...byParent.values()].map((set) => set.size));
    const weight = shaped.reduce((n, r) => n + contentWeight(r.row), 0);
    if (!best || score > best.score || (score === best.score && weight > best.weight)) best = { rows: shaped, score, weight };
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
