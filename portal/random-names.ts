/**
 * The `random` layout of the server-built emulated sites (ЭлЖур, Дневник.ру), as the content-anchoring
 * tests need it (issue 12's layouts): every class and id of a page written as random names made at
 * each start of the emulator (its styles rewritten to match), so nothing of Tabel's may rely on them.
 * Data attributes the sites' own scripts read (ЭлЖур's `name`, `mark_date`) stay: they are the data.
 */
const token = () => `_${Math.random().toString(36).slice(2, 9)}`;

/** One mapping per emulator start: the same class is the same random name on every page of the run. */
export function randomNames(): (html: string) => string {
  const classes = new Map<string, string>();
  const of = (name: string) => {
    let r = classes.get(name);
    if (!r) classes.set(name, (r = token()));
    return r;
  };
  return (html) => {
    const out = html
      .replace(/\bclass="([^"]*)"/g, (_, list: string) => `class="${list.split(/\s+/).filter(Boolean).map(of).join(' ')}"`)
      .replace(/\bid="([^"]*)"/g, () => `id="${token()}"`);
    // Selectors in the page's own <style>: `.name` → its random name (class names only; ids are not styled).
    return out.replace(
      /<style>([\s\S]*?)<\/style>/g,
      (_, css: string) =>
        `<style>${css.replace(/\.([A-Za-z][\w-]*)/g, (m, c: string) => (classes.has(c) ? `.${classes.get(c)}` : m))}</style>`,
    );
  };
}
