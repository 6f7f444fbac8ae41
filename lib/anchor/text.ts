/**
 * Reading names the way a diary page writes them: any case, «ё» or «е», extra and non-breaking
 * spaces, and the short forms schools use («Физ-ра», «ИЗО», «Англ. яз.»). Pure string functions;
 * the DOM side is in rows.ts and reading.ts.
 */

/** Lower case, «ё» → «е», every run of white space (NBSP, thin spaces, line breaks) one space, dashes one hyphen. */
export function normalizeText(s: string): string {
  return s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+/g, ' ')
    .trim();
}

/** Words of a normalized text: letters and digits, punctuation dropped. */
const wordsOf = (s: string): string[] => s.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** Small words a short form leaves out («Основы безопасности и защиты Родины» → «ОБЗР»). */
const SMALL = new Set(['и', 'в', 'с', 'по', 'на', 'о', 'к']);

/**
 * Short forms that no rule derives from the full name. Everything else (dotted prefixes such as
 * «Англ. яз.», contractions such as «Физ-ра», acronyms such as «ОБЖ», a name with or without its
 * bracketed part) is derived.
 */
const ALIASES: Record<string, readonly string[]> = {
  'изобразительное искусство': ['изо'],
  'физическая культура': ['физкультура', 'физра'],
  'иностранный язык': ['ин. яз.'],
  'английский язык': ['английский', 'англ.'],
  'немецкий язык': ['немецкий', 'нем.'],
  'французский язык': ['французский', 'франц.'],
  'основы безопасности жизнедеятельности': ['обж'],
  'основы безопасности и защиты родины': ['обзр'],
  'вероятность и статистика': ['теория вероятностей и статистика'],
  'труд (технология)': ['технология', 'труд'],
};

/** The forms of one name a page may show: itself, without its bracketed part, the bracket read in («Иностранный (английский) язык» → «английский язык»), aliases. */
export function nameVariants(name: string): string[] {
  const n = normalizeText(name);
  const out = new Set([n]);
  const bracket = /\(([^)]*)\)/.exec(n);
  if (bracket) {
    const without = normalizeText(n.replace(/\([^)]*\)/g, ' '));
    if (without) out.add(without);
    const inner = normalizeText(bracket[1]!);
    // «Иностранный (английский) язык»: the bracket names the language the rest is about.
    const rest = wordsOf(without);
    if (inner && rest.length > 1) out.add(normalizeText(`${inner} ${rest.slice(1).join(' ')}`));
    if (inner) out.add(inner);
  }
  for (const v of [...out]) for (const a of ALIASES[v] ?? []) out.add(normalizeText(a));
  return [...out];
}

interface Form {
  /** The full words of one variant. */
  words: string[];
  /** The variant without spaces, for contractions («физ-ра»). */
  compact: string;
  /** First letters: all words, and without the small ones. */
  acronyms: string[];
}

function formOf(variant: string): Form {
  const words = wordsOf(variant);
  const big = words.filter((w) => !SMALL.has(w));
  return { words, compact: words.join(''), acronyms: [...new Set([words.map((w) => w[0]).join(''), big.map((w) => w[0]).join('')])].filter((a) => a.length >= 2) };
}

/** Whether a short text (already normalized) is a short form of a name's form. */
function abbreviates(text: string, f: Form): boolean {
  const parts = wordsOf(text);
  if (!parts.length) return false;
  // «Англ. яз.», «Рус. яз.», «Физ. культура», «Матем.»: each word a prefix of the name's word, in order.
  if (/[.]/.test(text) && parts.length === f.words.length && parts.every((p, i) => f.words[i]!.startsWith(p))) return true;
  // «Физ-ра», «Лит-ра»: the name starts with the first part and ends with the last.
  if (/-/.test(text) && parts.length === 2 && f.words.length >= 1 && f.words[0]!.startsWith(parts[0]!) && f.compact.endsWith(parts[1]!) && f.compact.length > parts[0]!.length + parts[1]!.length) return true;
  // «ОБЖ», «МХК», «ВиС»: the first letters.
  return parts.length === 1 && parts[0]!.length <= 6 && f.acronyms.includes(parts[0]!);
}

export interface Named {
  id: string;
  name: string;
}

/**
 * A function from a text on the page to the id of the one subject it names, or null: an exact
 * form first, then a short form that fits exactly one subject (a «Лит.» that could be literature or
 * literary reading names neither).
 */
export function subjectMatcher(subjects: readonly Named[]): (text: string) => string | null {
  const exact = new Map<string, string | null>();
  const forms: Array<{ id: string; form: Form }> = [];
  const initials = new Set<string>();
  for (const s of subjects) {
    for (const v of nameVariants(s.name)) {
      // A form two subjects share names neither of them.
      exact.set(v, exact.has(v) && exact.get(v) !== s.id ? null : s.id);
      forms.push({ id: s.id, form: formOf(v) });
      if (v[0]) initials.add(v[0]);
    }
  }
  return (raw: string) => {
    if (raw.length > 80) return null;
    const text = normalizeText(raw).replace(/[:;,]$/, '');
    if (!text || !initials.has(text[0]!)) return null;
    const hit = exact.get(text);
    if (hit !== undefined) return hit;
    if (text.length > 24 || !/[.\-]|^\S{2,6}$/.test(text)) return null;
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
    return people.filter((p) => p.words.every((w) => words.has(w)) || (words.size <= 3 && firstCount.get(p.words[0]!) === 1 && words.has(p.words[0]!) && [...words][0] === p.words[0])).map((p) => p.id);
  };
}

const ROMAN: Record<string, string> = { i: '1', ii: '2', iii: '3', iv: '4' };

/** A period title as pages vary it: «1 четверть», «I четверть», «1-я четверть», «Четверть 1». */
export function periodKey(title: string): string {
  const plain = normalizeText(title).replace(/(\d+)\s*-?\s*(?:я|й|ое|ая|ый|ой)(?!\p{L})/gu, '$1');
  const words = wordsOf(plain).map((w) => ROMAN[w] ?? w);
  return words.sort().join(' ');
}
