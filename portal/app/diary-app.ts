/**
 * The emulated diary SPA (school.mos.ru/diary/*): a client-side app that navigates with
 * history.pushState like the real one, calls the family web API with the aupd_token as Bearer, and
 * draws marks in its own plain way. Class names imitate the real site's CSS modules, so the
 * overlay's anchors meet something shaped like production.
 */

interface Child {
  id: number;
  first_name: string;
  last_name: string;
  class_name: string;
}
interface RawMark {
  id: number;
  value: string;
  weight: number;
  date: string;
  is_point: boolean;
  control_form_name: string;
  comment: string;
}
interface RawPeriod {
  title: string;
  start_iso: string;
  end_iso: string;
  value: string;
  fixed_value: string | null;
  marks: RawMark[];
}
interface RawSubject {
  subject_id: number;
  subject_name: string;
  average: string;
  periods: RawPeriod[];
}

const root = document.getElementById('root')!;
// The redesign (fault `layout: 'v2'`) renames the CSS-module classes the overlay anchors on.
const V2 = root.dataset.layout === 'v2';
const cls = (name: string) => (V2 ? name.replace(/^style_([a-z-]+)__\w+$/, 'ds2-$1') : name);
const ACTIVE = 'mesh_active_student';
let children: Child[] = [];
let parentName = '';
let selectedPeriod: string | null = null;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const tokenCookie = () => /(?:^|;\s*)aupd_token=([^;]+)/.exec(document.cookie)?.[1];

function toLogin(): void {
  sessionStorage.setItem('return_to', location.pathname + location.search);
  location.href = '/v3/auth/sudir/login';
}

class ApiError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

async function api<T>(path: string): Promise<T> {
  const token = tokenCookie();
  if (!token) {
    toLogin();
    throw new ApiError(401);
  }
  const res = await fetch(path, { headers: { Authorization: `Bearer ${decodeURIComponent(token)}`, 'X-Mes-Subsystem': 'familyweb', Accept: 'application/json' } });
  if (res.status === 401) {
    toLogin();
    throw new ApiError(401);
  }
  if (!res.ok) throw new ApiError(res.status);
  return (await res.json()) as T;
}

function activeChild(): Child | undefined {
  const id = localStorage.getItem(ACTIVE);
  return children.find((c) => String(c.id) === id) ?? children[0];
}

function navigate(to: string): void {
  history.pushState({}, '', to);
  void render();
}

function chrome(content: string): void {
  const child = activeChild();
  const here = location.pathname;
  const link = (href: string, label: string) => `<a href="${href}"${here.startsWith(href) ? ' aria-current="page"' : ''}>${label}</a>`;
  root.innerHTML = `
    <header class="style_header__Qm2x1"><b>МЭШ</b>
      <label>Ученик: <select id="student-switch" class="style_student-select__Bn5u1">${children
        .map((c) => `<option value="${c.id}"${c === child ? ' selected' : ''}>${esc(c.first_name)} ${esc(c.last_name)}, ${esc(c.class_name)}</option>`)
        .join('')}</select></label>
      <span style="margin-left:auto">${esc(parentName)}</span> <a href="/v3/auth/logout" id="logout">Выйти</a>
    </header>
    <nav class="style_nav__Lk4p2">${link('/diary/marks/current-marks', 'Оценки')}${link('/diary/schedules/day', 'Расписание')}${link('/diary/homeworks/homeworks', 'Домашние задания')}</nav>
    <main class="style_main-container__Hm7d3">${content}</main>`;
}

function markChip(m: RawMark): string {
  const title = `${m.control_form_name}${m.comment ? ` — ${m.comment}` : ''}, ${m.date}`;
  return `<span class="style_mark__Pp3c7${m.is_point ? ' style_point__Rr1b4' : ''}" title="${esc(title)}">${esc(m.value)}${m.weight > 1 ? `<sub>${m.weight}</sub>` : ''}</span>`;
}

async function marksPage(child: Child): Promise<string> {
  const q = new URLSearchParams(location.search);
  const { payload } = await api<{ payload: RawSubject[] }>(`/api/family/web/v1/subject_marks?student_id=${child.id}`);
  if (!payload.length) return `<h1>Оценки</h1><div class="style_empty__Ee9k3">Нет данных</div>`;
  const periods = payload[0]!.periods.map((p) => p.title);
  const today = new Date().toISOString().slice(0, 10);
  if (!selectedPeriod || !periods.includes(selectedPeriod)) {
    selectedPeriod = payload[0]!.periods.find((p) => p.start_iso <= today && today <= p.end_iso)?.title ?? periods[periods.length - 1] ?? null;
  }
  const periodButtons = `<div class="style_periods__Ty7s0" role="group" aria-label="Период">${periods
    .map((t) => `<button type="button" data-period="${esc(t)}" aria-pressed="${t === selectedPeriod}">${esc(t)}</button>`)
    .join('')}</div>`;
  if (q.get('view') === 'by_subject') {
    const s = payload.find((x) => String(x.subject_id) === q.get('subject_id'));
    if (!s) return `<h1>Оценки</h1><p>Предмет не найден.</p>`;
    const marks = s.periods.flatMap((p) => p.marks);
    return `<h1>${esc(s.subject_name)}</h1><p><a href="/diary/marks/current-marks">← Все предметы</a></p>
      <div class="style_subject-marks__Jj5n2">${marks.map((m) => `<div class="style_row__Zx81a"><span>${m.date}</span><span>${esc(m.control_form_name)}</span><span>${markChip(m)}</span><span></span></div>`).join('')}</div>`;
  }
  const rows = payload
    .map((s) => {
      const p = s.periods.find((x) => x.title === selectedPeriod);
      const marks = p?.marks ?? [];
      return `<div class="${cls('style_row__Zx81a')}" role="row">
        <a class="${cls('style_subject-name__pQ2m1')}" role="rowheader" href="/diary/marks/current-marks?view=by_subject&subject_id=${s.subject_id}">${esc(s.subject_name)}</a>
        <div class="style_marks__Lm3o9" role="cell">${marks.map(markChip).join('') || '—'}</div>
        <div class="${cls('style_average__Hh2k4')}" role="cell">${esc(p?.value || '—')}</div>
        <div class="style_final__Cc8d6" role="cell">${esc(p?.fixed_value ?? '')}</div>
      </div>`;
    })
    .join('');
  return `<h1>Оценки</h1>${periodButtons}
    <div class="style_marks-table__k3Jd1" role="table" aria-label="Оценки по предметам">
      <div class="style_row__Zx81a style_head__Vv0a2" role="row"><span role="columnheader">Предмет</span><span role="columnheader">Оценки</span><span role="columnheader">Средний</span><span role="columnheader">Итог</span></div>
      ${rows}
    </div>`;
}

async function schedulePage(child: Child): Promise<string> {
  const today = new Date().toISOString().slice(0, 10);
  const { payload } = await api<{ payload: Array<{ date: string; lessons: Array<{ begin_time: string; end_time: string; subject_name: string }> }> }>(
    `/api/family/web/v1/schedule/short?student_id=${child.id}&dates=${today}`,
  );
  const lessons = payload[0]?.lessons ?? [];
  return `<h1>Расписание на ${today}</h1>${lessons.length ? `<ol>${lessons.map((l) => `<li>${l.begin_time}–${l.end_time} ${esc(l.subject_name)}</li>`).join('')}</ol>` : '<div class="style_empty__Ee9k3">Уроков нет</div>'}`;
}

async function homeworkPage(child: Child): Promise<string> {
  const today = new Date();
  const from = today.toISOString().slice(0, 10);
  const to = new Date(today.getTime() + 7 * 864e5).toISOString().slice(0, 10);
  const { payload } = await api<{ payload: Array<{ date: string; subject_name: string; description: string }> }>(
    `/api/family/web/v1/homeworks?from=${from}&to=${to}&student_id=${child.id}`,
  );
  return `<h1>Домашние задания</h1>${payload.length ? `<ul>${payload.map((h) => `<li><b>${h.date}</b> ${esc(h.subject_name)}: ${esc(h.description)}</li>`).join('')}</ul>` : '<div class="style_empty__Ee9k3">Заданий нет</div>'}`;
}

async function render(): Promise<void> {
  try {
    if (!children.length) {
      const profile = await api<{ profile: { first_name: string; last_name: string }; children: Child[] }>('/api/family/web/v1/profile');
      children = profile.children;
      parentName = `${profile.profile.first_name} ${profile.profile.last_name}`;
    }
    const child = activeChild();
    if (!child) return chrome('<div class="style_empty__Ee9k3">Нет учеников</div>');
    const path = location.pathname;
    const content = path.startsWith('/diary/schedules')
      ? await schedulePage(child)
      : path.startsWith('/diary/homeworks')
        ? await homeworkPage(child)
        : await marksPage(child);
    chrome(content);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return;
    chrome(`<div class="style_empty__Ee9k3" role="alert">Не удалось загрузить данные (${esc(String((err as Error).message))}). Попробуйте обновить страницу.</div>`);
  }
}

document.addEventListener('click', (e) => {
  const target = e.target as HTMLElement;
  const period = target.closest<HTMLElement>('[data-period]');
  if (period) {
    selectedPeriod = period.dataset.period ?? null;
    void render();
    return;
  }
  const a = target.closest('a');
  if (a && a.origin === location.origin && a.pathname.startsWith('/diary/') && !e.defaultPrevented && e.button === 0 && !e.metaKey && !e.ctrlKey) {
    e.preventDefault();
    navigate(a.pathname + a.search);
  }
});
document.addEventListener('change', (e) => {
  const t = e.target as HTMLSelectElement;
  if (t.id === 'student-switch') {
    localStorage.setItem(ACTIVE, t.value);
    void render();
  }
});
window.addEventListener('popstate', () => void render());

async function start(): Promise<void> {
  if (location.pathname === '/auth/callback') {
    // What the real SPA does right after login: probe the token, then go where the user was going.
    await fetch('/v2/token/refresh?roleId=2&subsystem=2', { credentials: 'include', headers: { Accept: 'application/json, text/plain, */*' } });
    const back = sessionStorage.getItem('return_to');
    sessionStorage.removeItem('return_to');
    history.replaceState({}, '', back && back.startsWith('/diary/') ? back : '/diary/marks/current-marks');
  }
  await render();
}
void start();
