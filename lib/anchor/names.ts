import { abbreviates, normalizeText, wordsOf, type Form, type Named, type SubjectIndex } from './text';

/**
 * Every form a subject's name takes on a page, built where code is warm (the background): the
 * page's content script only looks texts up in the result (text.ts `subjectMatcher`).
 */

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

function formOf(variant: string): Form {
  const words = wordsOf(variant);
  const big = words.filter((w) => !SMALL.has(w));
  return {
    words,
    compact: words.join(''),
    acronyms: [...new Set([words.map((w) => w[0]).join(''), big.map((w) => w[0]).join('')])].filter((a) => a.length >= 2),
  };
}

export function subjectIndex(subjects: readonly Named[]): SubjectIndex {
  const exact = new Map<string, string | null>();
  const acronyms = new Map<string, string | null>();
  const forms: SubjectIndex['forms'] = [];
  const initials = new Set<string>();
  const once = (into: Map<string, string | null>, key: string, id: string) =>
    into.set(key, into.has(key) && into.get(key) !== id ? null : id);
  for (const s of subjects) {
    for (const v of nameVariants(s.name)) {
      // A form two subjects share names neither of them.
      once(exact, v, s.id);
      const form = formOf(v);
      forms.push({ id: s.id, words: form.words, compact: form.compact });
      for (const a of form.acronyms) once(acronyms, a, s.id);
      if (v[0]) initials.add(v[0]);
    }
  }
  return { exact: [...exact], acronyms: [...acronyms], forms, initials: [...initials] };
}

/** Whether a text is a short form of one of a subject's names (for tests and tools: pages use the index). */
export const isShortFormOf = (text: string, name: string): boolean =>
  nameVariants(name).some((v) => abbreviates(normalizeText(text), formOf(v)));
