/** Server-rendered pages of the emulated hosts: plain, in Russian, shaped like the real ones where it matters. */

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const BASE_CSS = `
  body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2430; background: #f4f6fa; }
  header { background: #fff; border-bottom: 1px solid #e2e6ef; padding: 12px 24px; display: flex; align-items: center; gap: 16px; }
  header b { color: #0b57d0; font-size: 18px; }
  main { max-width: 1100px; margin: 24px auto; background: #fff; border-radius: 12px; padding: 24px 28px; box-shadow: 0 1px 3px rgba(0,0,0,.06); }
  a.button, button { display: inline-block; background: #0b57d0; color: #fff; border: 0; border-radius: 8px; padding: 10px 18px; font: inherit; text-decoration: none; cursor: pointer; }
  label { display: block; margin: 12px 0 4px; }
  input { font: inherit; padding: 8px 10px; border: 1px solid #c6ccd8; border-radius: 6px; width: 280px; }
  .error { color: #b3261e; margin: 12px 0; }
  .hint { color: #5b6475; font-size: 13px; margin-top: 20px; }
`;

function page(title: string, body: string, head = ''): string {
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${BASE_CSS}</style>${head}</head><body>${body}</body></html>`;
}

/** How an emulated diary host presents itself: Moscow's MESH, or a «Моя школа» node with its own login. */
export interface Branding {
  /** «МЭШ», «Моя школа» */
  brand: string;
  /** «Московская электронная школа», «Школьный портал Московской области» */
  title: string;
  /** Where its login starts, and through what: «mos.ru», «Госуслуги». */
  loginPath: string;
  via: string;
}

export const MOSCOW: Branding = { brand: 'МЭШ', title: 'Московская электронная школа', loginPath: '/v3/auth/sudir/login', via: 'mos.ru' };
export const MOSREG: Branding = {
  brand: 'Моя школа',
  title: 'Школьный портал Московской области',
  loginPath: '/v3/auth/esia/login',
  via: 'Госуслуги',
};

/** The diary's login start answers a page that refreshes to the SSO, as the real one does. */
export const metaRefreshPage = (to: string, via = 'mos.ru') =>
  page(
    `Переход на ${via}`,
    `<main><p>Переходим на страницу входа ${esc(via)}…</p><p><a href="${esc(to)}">Продолжить</a></p></main>`,
    `<meta http-equiv="refresh" content="0; url=${esc(to)}">`,
  );

export const landingPage = (note = '', b: Branding = MOSCOW) =>
  page(
    b.title,
    `<header><b>${esc(b.brand)}</b><span>${esc(b.title)}</span></header>
     <main><h1>Электронный дневник</h1>${note ? `<p class="error">${esc(note)}</p>` : ''}
     <p>Оценки, расписание и домашние задания для учеников и родителей.</p>
     <p><a class="button" id="login" href="${b.loginPath}">Войти через ${esc(b.via)}</a></p></main>`,
  );

/** ЕСИА's login form (esia.gosuslugi.ru/login/), emulated: a form that posts back with where to return. */
export const esiaLoginPage = (o: { back: string; error?: string }) =>
  page(
    'Вход — Госуслуги',
    `<header><b>Госуслуги</b><span>Единая система идентификации и аутентификации</span></header>
     <main><h1>Вход</h1>${o.error ? `<p class="error" data-error="${esc(o.error)}">${esc(ERRORS[o.error] ?? o.error)}</p>` : ''}
     <form method="post" action="/login/?back=${encodeURIComponent(o.back)}">
       <label for="login">Телефон, почта или СНИЛС</label><input id="login" name="login" autocomplete="username">
       <label for="password">Пароль</label><input id="password" name="password" type="password" autocomplete="current-password">
       <p><button id="bind" type="submit">Войти</button></p>
     </form>
     <p class="hint">Это эмулятор для разработки Tabel. Демо-вход: логин <code>parent</code>, пароль <code>parent</code>.</p></main>`,
  );

const ERRORS: Record<string, string> = {
  invalid_credentials: 'Неверный логин или пароль',
  invalid_request: 'Некорректный запрос на вход',
};

export const loginPage = (o: { bo?: string; error?: string }) =>
  page(
    'Вход — mos.ru',
    `<header><b>mos.ru</b><span>Единая учётная запись</span></header>
     <main><h1>Вход</h1>${o.error ? `<p class="error" data-error="${esc(o.error)}">${esc(ERRORS[o.error] ?? o.error)}</p>` : ''}
     <form method="post" action="/sps/login/methods/password?bo=${encodeURIComponent(o.bo ?? '')}">
       <label for="login">Телефон, почта или СНИЛС</label><input id="login" name="login" autocomplete="username">
       <label for="password">Пароль</label><input id="password" name="password" type="password" autocomplete="current-password">
       <p><button id="bind" type="submit">Войти</button></p>
     </form>
     <p class="hint">Это эмулятор для разработки Tabel. Демо-вход: логин <code>parent</code>, пароль <code>parent</code>.</p></main>`,
  );

export const maintenancePage = (b: Branding = MOSCOW) =>
  page(
    'Технические работы',
    `<header><b>${esc(b.brand)}</b></header><main><h1>Технические работы</h1><p>На сайте ведутся технические работы. Пожалуйста, зайдите позже.</p></main>`,
  );

export const portalHome = () =>
  page(
    'Официальный сайт Мэра Москвы',
    `<header><b>mos.ru</b><span>Официальный сайт Мэра Москвы</span></header>
     <main><h1>Услуги и сервисы</h1><ul><li><a id="diary-link" href="https://school.mos.ru/">Электронный дневник школьника</a></li><li><a href="https://login.mos.ru/sps/login/methods/password">Личный кабинет</a></li></ul></main>`,
  );

/** The diary layouts the emulated SPA can draw (portal/app/diary-app.ts), switchable at run time. */
export const LAYOUTS = ['v1', 'table', 'cards', 'virtual', 'random', 'no-text'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** The diary SPA's shell: one page for every /diary/* route; the app script draws the rest, styles included. */
export const diaryShell = (layout: Layout = 'v1', b: Branding = MOSCOW) =>
  page(
    `Дневник — ${b.brand}`,
    `<div id="root" data-layout="${layout}" data-login="${b.loginPath}"><header><b>${esc(b.brand)}</b><span>Загрузка…</span></header></div>
     <script src="/static/diary-app.js"></script>`,
  );
