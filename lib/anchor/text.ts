/**
 * Reading names the way a diary page writes them: any case, «ё» or «е», extra and non-breaking
 * spaces, and the short forms schools use («Физ-ра», «ИЗО», «Англ. яз.»). Pure string functions;
 * the DOM side is in rows.ts and reading.ts.
 */

/** What only the full normalization handles: «ё», dashes, and white space other than single plain spaces. */
const UNUSUAL = /[ёЁ\u2010-\u2015\u2212\t\n\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]| {2}/;

/** Lower case, «ё» → «е», every run of white space (NBSP, thin spaces, line breaks) one space, dashes one hyphen. */
export function normalizeText(s: string): string {
  const lower = s.toLowerCase();
  // Most texts on a page need nothing more than lower case and a trim: one test instead of three replacements.
  if (!UNUSUAL.test(lower)) return lower.trim();
  return lower
    .replace(/ё/g, 'е')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+/g, ' ')
    .trim();
}

/**
 * Letters and digits of the scripts a Russian school diary writes in: Latin (with its accented
 * letters), all of Cyrillic (Tatar «ә», «ө», «ү», «җ», «ң», «һ» included). Spelled out rather than
 * `\p{L}`: a Unicode property class costs milliseconds to compile in a fresh content-script world.
 */
export const NOT_WORD = /[^0-9a-z\u00c0-\u024f\u0400-\u04ff]+/;

/** Words of a normalized (lower-case) text: letters and digits, punctuation dropped. */
export const wordsOf = (s: string): string[] => s.split(NOT_WORD).filter(Boolean);

export interface Form {
  /** The full words of one variant. */
  words: string[];
  /** The variant without spaces, for contractions («физ-ра»). */
  compact: string;
  /** First letters: all words, and without the small ones. */
  acronyms: string[];
}

/** Whether a short text (already normalized) is a short form of a name's form. */
export function abbreviates(text: string, f: Form): boolean {
  const parts = wordsOf(text);
  if (!parts.length) return false;
  // «Англ. яз.», «Рус. яз.», «Физ. культура», «Матем.»: each word a prefix of the name's word, in order.
  if (/[.]/.test(text) && parts.length === f.words.length && parts.every((p, i) => f.words[i]!.startsWith(p))) return true;
  // «Физ-ра», «Лит-ра»: the name starts with the first part and ends with the last.
  if (
    /-/.test(text) &&
    parts.length === 2 &&
    f.words.length >= 1 &&
    f.words[0]!.startsWith(parts[0]!) &&
    f.compact.endsWith(parts[1]!) &&
    f.compact.length > parts[0]!.length + parts[1]!.length
  )
    return true;
  // «ОБЖ», «МХК», «ВиС»: the first letters.
  return parts.length === 1 && parts[0]!.length <= 6 && f.acronyms.includes(parts[0]!);
}

export interface Named {
  id: string;
  name: string;
}

/**
 * Every form of every subject's name, as plain data: what `subjectMatcher` looks texts up in.
 * Built where code is warm (the background sends it with the overlay's view) so that a page's
 * fresh content-script world only fills a few maps from it.
 */
export interface SubjectIndex {
  /** Full forms («английский язык») → subject id; null where two subjects share the form. */
  exact: Array<[string, string | null]>;
  /** Acronyms («обж», «вис») → subject id; null where two share it. */
  acronyms: Array<[string, string | null]>;
  /** Each form's words, for dotted and hyphenated short forms. */
  forms: Array<{ id: string; words: string[]; compact: string }>;
  /** First letters of every form: a text starting otherwise names no subject. */
  initials: string[];
}

/**
 * A function from a text on the page to the id of the one subject it names, or null: an exact
 * form first, then a short form that fits exactly one subject (a «Мат.» that could be
 * mathematics or calculus names neither).
 */
export function subjectMatcher(index: SubjectIndex): (text: string) => string | null {
  const exact = new Map(index.exact);
  // One word without dots or hyphens can only be an acronym: looked up, not tried against every form.
  const acronyms = new Map(index.acronyms);
  const initials = new Set(index.initials);
  const forms = index.forms.map((f) => ({ id: f.id, form: { words: f.words, compact: f.compact, acronyms: [] as string[] } }));
  return (raw: string) => {
    if (raw.length > 80) return null;
    // The first letter decides most texts before any normalization.
    const first = raw.trimStart().charAt(0).toLowerCase();
    if (!initials.has(first === 'ё' ? 'е' : first)) return null;
    const text = normalizeText(raw).replace(/[:;,]$/, '');
    const hit = exact.get(text);
    if (hit !== undefined) return hit;
    if (text.length > 24) return null;
    if (!/[.\-]/.test(text)) return /^\S{2,6}$/.test(text) ? (acronyms.get(text) ?? null) : null;
    let found: string | null = null;
    for (const { id, form } of forms) {
      if (!abbreviates(text, form)) continue;
      if (found !== null && found !== id) return null;
      found = id;
    }
    return found;
  };
}

/**
 * Which students a text names: all words of the student's name (in any order: «Лебедев Миша, 6-В»),
 * or the first name alone where no other student has it. Several when it names several.
 */
export function studentMatcher(students: readonly Named[]): (text: string) => string[] {
  const people = students.map((s) => ({ id: s.id, words: wordsOf(normalizeText(s.name)) })).filter((p) => p.words.length);
  const firstCount = new Map<string, number>();
  for (const p of people) firstCount.set(p.words[0]!, (firstCount.get(p.words[0]!) ?? 0) + 1);
  return (raw: string) => {
    if (raw.length > 120) return [];
    const words = new Set(wordsOf(normalizeText(raw)));
    if (!words.size) return [];
    return people
      .filter(
        (p) =>
          p.words.every((w) => words.has(w)) ||
          (words.size <= 3 && firstCount.get(p.words[0]!) === 1 && words.has(p.words[0]!) && [...words][0] === p.words[0]),
      )
      .map((p) => p.id);
  };
}

const ROMAN: Record<string, string> = { i: '1', ii: '2', iii: '3', iv: '4' };

/** A period title as pages vary it: «1 четверть», «I четверть», «1-я четверть», «Четверть 1». */
export function periodKey(title: string): string {
  const plain = normalizeText(title).replace(/(\d+)\s*-?\s*(?:я|й|ое|ая|ый|ой)(?![a-z\u0400-\u04ff])/g, '$1');
  const words = wordsOf(plain).map((w) => ROMAN[w] ?? w);
  return words.sort().join(' ');
}
