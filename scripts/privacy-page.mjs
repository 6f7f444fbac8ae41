// The privacy policy page the extension ships (privacy.html), made from the repository's PRIVACY.md
// at build time: one text for both, the stores' listings linking to either. The Markdown is ours
// and plain (headings, paragraphs, lists, a rule between the languages), so a small reader does.

/** Text as HTML (the listing page uses it too). */
export const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const inline = (s) =>
  esc(s)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/`(.+?)`/g, '<code>$1</code>');

/** One language's part as HTML. */
function partHtml(md) {
  const out = [];
  let list = null;
  let para = [];
  const flush = () => {
    if (para.length) out.push(`<p>${inline(para.join(' '))}</p>`);
    para = [];
    if (list) out.push(`<ul>${list.map((li) => `<li>${inline(li)}</li>`).join('')}</ul>`);
    list = null;
  };
  for (const raw of md.split('\n')) {
    const line = raw.trimEnd();
    const h = /^(#{1,3}) (.+)$/.exec(line);
    if (h) {
      flush();
      out.push(`<h${h[1].length}>${inline(h[2])}</h${h[1].length}>`);
    } else if (line.startsWith('- ')) {
      if (para.length) flush();
      (list ??= []).push(line.slice(2));
    } else if (!line.trim()) flush();
    else if (list) list[list.length - 1] += ` ${line.trim()}`;
    else para.push(line.trim());
  }
  flush();
  return out.join('\n');
}

/** The page: the Russian part, then the English one (split at the Markdown's `---`). */
export function privacyHtml(markdown) {
  const [ru, en = ''] = markdown.split(/\n---\n/);
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Табель — политика конфиденциальности · Tabel — privacy policy</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:760px;margin:24px auto;padding:0 16px;color:#1f2430}h1{font-size:22px}h2{font-size:17px;margin-top:20px}section+section{border-top:1px solid #dde2ec;margin-top:32px}@media (prefers-color-scheme:dark){body{background:#15181e;color:#e6e9ef}}</style>
</head><body>
<section lang="ru" data-lang="ru">
${partHtml(ru)}
</section>
<section lang="en" data-lang="en">
${partHtml(en)}
</section>
</body></html>
`;
}
