// The gallery's own behaviour: the HTML beside each demo, copy buttons, the Russian/English switch.
// (The widgets themselves come from /widgets/tabel.js; nothing here is needed to embed them.)

const escape = (text) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const status = Object.assign(document.createElement('p'), { className: 'sr' });
status.setAttribute('role', 'status');
document.body.append(status);

// 1. The HTML of each demo, shown beside it, exactly as written in this page.
for (const demo of document.querySelectorAll('.demo')) {
  const source = demo.innerHTML
    .trim()
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');
  const box = document.createElement('div');
  box.className = 'code';
  box.innerHTML = `<pre tabindex="0" aria-label="HTML"><code>${escape(source)}</code></pre><button type="button" class="copy" data-en="Copy">Копировать</button>`;
  demo.after(box);
}

// 2. Copy buttons.
document.addEventListener('click', async (event) => {
  const button = event.target instanceof Element ? event.target.closest('button.copy') : null;
  if (!button) return;
  const code = button.parentElement?.querySelector('code')?.textContent ?? '';
  const en = document.documentElement.lang === 'en';
  try {
    await navigator.clipboard.writeText(code);
    status.textContent = en ? 'Copied' : 'Скопировано';
  } catch {
    // No clipboard (an insecure page, a denied permission): select the text for a manual copy.
    getSelection()?.selectAllChildren(button.parentElement.querySelector('code'));
    status.textContent = en ? 'Selected: press Ctrl+C' : 'Выделено: нажмите Ctrl+C';
  }
  const label = button.textContent;
  button.textContent = status.textContent;
  setTimeout(() => (button.textContent = label), 1500);
});

// 3. Language: the page's <html lang>, which every widget follows.
const titles = { ru: document.title, en: 'Tabel widgets for school portals' };
const code = (text) => escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');
function setLanguage(lang) {
  document.documentElement.lang = lang;
  document.title = titles[lang];
  for (const el of document.querySelectorAll('[data-en]')) {
    if (!el.dataset.ru) el.dataset.ru = el.innerHTML;
    el.innerHTML = lang === 'en' ? code(el.dataset.en) : el.dataset.ru;
  }
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  const url = new URL(location.href);
  if (lang === 'en') url.searchParams.set('lang', 'en');
  else url.searchParams.delete('lang');
  history.replaceState(null, '', url);
}
for (const b of document.querySelectorAll('[data-lang]')) b.addEventListener('click', () => setLanguage(b.dataset.lang));
if (new URLSearchParams(location.search).get('lang') === 'en') setLanguage('en');
