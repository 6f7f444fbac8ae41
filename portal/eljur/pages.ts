/**
 * The emulated ЭлЖур web diary's pages, server-built HTML as the real one serves (regions-findings.md
 * §6: no JSON for the diary; every logged-in page carries `var sentryData = {…}`; the grades grid is
 * one `div.cell[name][mark_date][id]` per mark day with the marks in `.cell-data`, double marks
 * `5/4`, absences `Н`, an empty period `div.page-empty`). Written from the scrapers' and userscripts'
 * selectors (real-samples/eljur/), since no real page was ever recorded. Pure functions: the
 * emulator serves them, the unit tests read them.
 */

export interface EljurUser {
  uid: string;
  username: string;
  role: 'student' | 'parent';
  domain: string;
}

export interface GridSubject {
  name: string;
  /** One cell per day with marks: the day as the grid writes it (`14.10`), the cell's text (`5/4`, `Н`), a weight where a build shows one. */
  cells: Array<{ date: string; text: string; id?: string; weight?: number }>;
}

export interface GradesPageInput {
  user: EljurUser;
  /** Whose grades: the student, or a parent's child. */
  pupil: { uid: string; name: string };
  /** The periods the page links to (`I четверть`…), and the one shown. */
  periods: readonly string[];
  current: string;
  subjects: readonly GridSubject[];
  /**
   * The grid's markup: the scrapers' `grid` of divs (two columns: names, then each subject's marks),
   * a `table` (a row per subject), or `cards` (a card per subject, its marks under its name). The
   * cells keep the data attributes the site's scripts read (`name`, `mark_date`).
   */
  markup?: 'grid' | 'table' | 'cards';
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const sp = (period: string) => encodeURIComponent(period).replace(/%20/g, '+');

/** The inline script every page of a live session has. */
export const sentry = (u: EljurUser) =>
  `<script>var sentryData = ${JSON.stringify({ user: { uid: u.uid, username: u.username, role: u.role, domain: u.domain } })};</script>`;

const frame = (title: string, u: EljurUser | null, body: string) => `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>${esc(title)} — ЭлЖур</title>
<style>body{font:14px/1.4 Arial,sans-serif;margin:0}header{background:#2d5d8a;color:#fff;padding:8px 16px}.layout-main{padding:12px 16px}
.grid{display:flex}.cells{display:flex;flex-direction:column}.row{display:flex;border-bottom:1px solid #ddd;min-height:26px;align-items:center}
.text-overflow{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;width:220px}.cell{width:38px;text-align:center}.cell-data{font-weight:bold}
.head .cell{color:#777;font-size:12px}.page-empty{color:#777;padding:24px}nav a{margin-right:12px}</style>
${u ? sentry(u) : ''}</head>
<body><header>ЭлЖур · ${esc(u?.domain ?? '')}</header><div class="layout-main">${body}</div></body></html>`;

/** `/journal-app`: the home of a logged-in user; a parent's page links each child's grades. */
export function journalApp(u: EljurUser, children: ReadonlyArray<{ uid: string; name: string }>): string {
  const links = children.map((c) => `<a href="/journal-student-grades-action/u.${c.uid}">${esc(c.name)}</a>`).join(' ');
  return frame(
    'Дневник',
    u,
    `<h1>Дневник</h1>${children.length ? `<nav class="children">${links}</nav>` : ''}<p>Добро пожаловать, ${esc(u.username)}.</p>`,
  );
}

/** `/journal-student-grades-action/u.<uid>/sp.<period>`: the grid of one period. */
export function gradesPage(x: GradesPageInput): string {
  const nav = x.periods
    .map(
      (p) =>
        `<a href="/journal-student-grades-action/u.${x.pupil.uid}/sp.${sp(p)}"${p === x.current ? ' class="active"' : ''}>${esc(p)}</a>`,
    )
    .join('');
  // In the school year's order (`dd.mm`: September first).
  const order = (d: string) => ((Number(d.slice(3, 5)) + 3) % 12) * 100 + Number(d.slice(0, 2));
  const days = [...new Set(x.subjects.flatMap((s) => s.cells.map((c) => c.date)))].sort((a, b) => order(a) - order(b));
  const marked = x.subjects.some((s) => s.cells.length);
  const cell = (s: GridSubject, c: GridSubject['cells'][number], i: number, tag: string) =>
    `<${tag} class="cell" name="${esc(s.name)}" mark_date="${esc(c.date)}" id="${esc(c.id ?? `${x.pupil.uid}${i}`)}"${c.weight !== undefined ? ` weight="${c.weight}"` : ''}><span class="cell-data">${esc(c.text)}</span></${tag}>`;
  const grid = !marked
    ? `<div class="page-empty">Нет оценок за этот период</div>`
    : x.markup === 'table'
      ? `<table class="marks"><thead><tr><th>Предмет</th>${days.map((d) => `<th>${esc(d)}</th>`).join('')}</tr></thead><tbody>
${x.subjects
  .map((s) => {
    const byDay = new Map(s.cells.map((c, i) => [c.date, cell(s, c, i, 'td')]));
    return `<tr><td class="name" name="${esc(s.name)}">${esc(s.name)}</td>${days.map((d) => byDay.get(d) ?? '<td></td>').join('')}</tr>`;
  })
  .join('\n')}</tbody></table>`
      : x.markup === 'cards'
        ? `<div class="cards">${x.subjects
            .map(
              (s) =>
                `<section class="card"><h3 name="${esc(s.name)}">${esc(s.name)}</h3><p class="card-marks">${s.cells.map((c, i) => cell(s, c, i, 'span')).join(' ')}</p></section>`,
            )
            .join('\n')}</div>`
        : `<div class="grid-body"><div class="grid" xls="hcolumn"><div class="cells">
${x.subjects.map((s) => `<div class="row"><div class="cell text-overflow lhCell offset16" name="${esc(s.name)}">${esc(s.name)}</div></div>`).join('\n')}
</div><div class="cells">
${x.subjects
  .map((s) => {
    const cells = s.cells
      .map(
        (c, i) =>
          `<div class="cell" name="${esc(s.name)}" mark_date="${esc(c.date)}" id="${esc(c.id ?? `${x.pupil.uid}${i}`)}"${c.weight !== undefined ? ` weight="${c.weight}"` : ''}><div class="cell-data">${esc(c.text)}</div></div>`,
      )
      .join('');
    return `<div class="row">${cells}</div>`;
  })
  .join('\n')}
</div></div><div class="head">${days.map((d) => `<span class="cell">${esc(d)}</span>`).join('')}</div></div>`;
  return frame(`Оценки · ${x.current}`, x.user, `<h1>${esc(x.pupil.name)} · оценки</h1><nav class="periods">${nav}</nav>${grid}`);
}

/** `/authorize`: the login page, without `sentryData`; like the real one, it logs in with `POST /ajaxauthorize` from script. */
export function authorizePage(domain: string): string {
  return frame(
    'Вход',
    null,
    `<h1>Вход в ЭлЖур</h1><form id="login"><label>Логин <input id="username" name="username" autocomplete="username"></label> <label>Пароль <input id="password" name="password" type="password" autocomplete="current-password"></label> <button id="enter">Войти</button><p id="error" role="alert"></p></form>
<script>var ajaxUrl = '/ajaxauthorize'; var domain = ${JSON.stringify(domain)};
document.getElementById('login').addEventListener('submit', async function (e) {
  e.preventDefault();
  var res = await fetch(ajaxUrl, { method: 'POST', body: new URLSearchParams(new FormData(e.target)) });
  var answer = await res.json();
  if (answer.result) location.href = '/journal-app';
  else document.getElementById('error').textContent = answer.error;
});</script>`,
  );
}
