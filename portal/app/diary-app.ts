/**
 * The emulated diary SPA (school.mos.ru/diary/*): a client-side app that navigates with
 * history.pushState like the real one, calls the family web API with the aupd_token as Bearer, and
 * draws marks in one of several layouts (fault `layout`, switchable at run time), so that Tabel's
 * overlay meets markup it was not written for:
 *
 * - `v1`: CSS-module class names (`style_row__Zx81a`), a `<select>` child switch, period buttons with `aria-pressed`;
 * - `table`: a `<table>`, `<select>`s for child and period, a subject filter menu, a "next lesson" note;
 * - `cards`: cards with short subject names («Физ-ра», «ИЗО», «Англ. яз.»), a sidebar menu of subjects,
 *   period tabs (`role=tab`), a custom child dropdown; a period switch updates the cards in place;
 * - `virtual`: a virtualised list whose rows mount on scroll; child tabs and period buttons marked
 *   chosen by class only (no ARIA);
 * - `random`: the `v1` markup with every class and id replaced by random ones at each start;
 * - `no-text`: the names drawn by CSS, not in the page's text (nothing to anchor to).
 */

import { SHORT } from './short-names';

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

type Layout = 'v1' | 'table' | 'cards' | 'virtual' | 'random' | 'no-text';

const root = document.getElementById('root')!;
const LAYOUT = (root.dataset.layout ?? 'v1') as Layout;
const ACTIVE = 'mesh_active_student';
let children: Child[] = [];
let parentName = '';
let selectedPeriod: string | null = null;
let menuOpen = false;

// ─────────────── class names and ids, per layout ───────────────

/** The class names the v1 layout uses, imitating the real site's CSS modules. */
const V1: Record<string, string> = {
  header: 'style_header__Qm2x1',
  nav: 'style_nav__Lk4p2',
  main: 'style_main-container__Hm7d3',
  periods: 'style_periods__Ty7s0',
  table: 'style_marks-table__k3Jd1',
  row: 'style_row__Zx81a',
  head: 'style_head__Vv0a2',
  name: 'style_subject-name__pQ2m1',
  marks: 'style_marks__Lm3o9',
  average: 'style_average__Hh2k4',
  final: 'style_final__Cc8d6',
  mark: 'style_mark__Pp3c7',
  point: 'style_point__Rr1b4',
  empty: 'style_empty__Ee9k3',
  'student-select': 'style_student-select__Bn5u1',
  'subject-marks': 'style_subject-marks__Jj5n2',
};
const randomName = () => `_${Math.random().toString(36).slice(2, 7)}${Math.random().toString(36).slice(2, 5)}`;
const mapped = new Map<string, string>();
/** A logical class name as this layout writes it: v1's CSS-module names, random ones in `random`, plain ones elsewhere. */
function c(name: string): string {
  if (LAYOUT === 'v1' || LAYOUT === 'no-text') return V1[name] ?? name;
  if (LAYOUT === 'random') {
    let r = mapped.get(name);
    if (!r) mapped.set(name, (r = randomName()));
    return r;
  }
  return `${LAYOUT}-${name}`;
}
/** An id as this layout writes it (random in `random`). */
const idOf = (name: string) => (LAYOUT === 'random' ? c(`#${name}`) : name);

// ─────────────── data ───────────────

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const tokenCookie = () => /(?:^|;\s*)aupd_token=([^;]+)/.exec(document.cookie)?.[1];

/** Where this host's login starts (Moscow's through mos.ru, a region's through ЕСИА), as the server wrote it into the shell. */
const LOGIN_PATH = document.getElementById('root')?.dataset.login ?? '/v3/auth/sudir/login';
/** The host's brand in its header («МЭШ», «Моя школа»), as the shell wrote it. */
const BRAND = document.querySelector('#root header b')?.textContent ?? 'МЭШ';

function toLogin(): void {
  sessionStorage.setItem('return_to', location.pathname + location.search);
  location.href = LOGIN_PATH;
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
  const res = await fetch(path, {
    headers: { Authorization: `Bearer ${decodeURIComponent(token)}`, 'X-Mes-Subsystem': 'familyweb', Accept: 'application/json' },
  });
  if (res.status === 401) {
    toLogin();
    throw new ApiError(401);
  }
  if (!res.ok) throw new ApiError(res.status);
  return (await res.json()) as T;
}

function activeChild(): Child | undefined {
  const id = localStorage.getItem(ACTIVE);
  return children.find((ch) => String(ch.id) === id) ?? children[0];
}

function setChild(id: string): void {
  localStorage.setItem(ACTIVE, id);
  menuOpen = false;
  void render();
}

function navigate(to: string): void {
  history.pushState({}, '', to);
  void render();
}

const childLabel = (ch: Child) => `${esc(ch.first_name)} ${esc(ch.last_name)}, ${esc(ch.class_name)}`;

// ─────────────── the page's frame ───────────────

function childSwitch(): string {
  const child = activeChild();
  if (LAYOUT === 'cards') {
    // A custom dropdown: the chosen child on a button; the list exists only while open.
    return `<div class="${c('picker')}"><button type="button" class="${c('picker-button')}" aria-haspopup="listbox" aria-expanded="${menuOpen}">${child ? childLabel(child) : ''} ▾</button>${
      menuOpen
        ? `<ul class="${c('picker-list')}" role="listbox">${children.map((ch) => `<li role="option" class="${c('picker-option')}" aria-selected="${ch === child}" data-child="${ch.id}">${childLabel(ch)}</li>`).join('')}</ul>`
        : ''
    }</div>`;
  }
  if (LAYOUT === 'virtual') {
    // Tabs with every child's name, the chosen one told by its class alone.
    return `<div class="${c('kids')}">${children.map((ch) => `<span class="${c('kid')}${ch === child ? ` ${c('kid-on')}` : ''}" data-child="${ch.id}">${esc(ch.first_name)} ${esc(ch.last_name)}</span>`).join('')}</div>`;
  }
  return `<label>Ученик: <select id="${idOf('student-switch')}" class="${c('student-select')}">${children
    .map((ch) => `<option value="${ch.id}"${ch === child ? ' selected' : ''}>${childLabel(ch)}</option>`)
    .join('')}</select></label>`;
}

function frame(content: string): void {
  const here = location.pathname;
  const link = (href: string, label: string) => `<a href="${href}"${here.startsWith(href) ? ' aria-current="page"' : ''}>${label}</a>`;
  root.innerHTML = `
    <header class="${c('header')}"><b>${esc(BRAND)}</b>
      ${childSwitch()}
      <span style="margin-left:auto">${esc(parentName)}</span> <a href="/v3/auth/logout" id="${idOf('logout')}">Выйти</a>
    </header>
    <nav class="${c('nav')}">${link('/diary/marks/current-marks', 'Оценки')}${link('/diary/schedules/day', 'Расписание')}${link('/diary/homeworks/homeworks', 'Домашние задания')}</nav>
    <main class="${c('main')}">${content}</main>`;
  bind();
}

/** Event handlers bound to the drawn elements, so that no layout needs ids or data attributes of its own. */
function bind(): void {
  root
    .querySelector<HTMLSelectElement>(`#${CSS.escape(idOf('student-switch'))}`)
    ?.addEventListener('change', (e) => setChild((e.target as HTMLSelectElement).value));
  root.querySelector(`.${c('picker-button')}`)?.addEventListener('click', () => {
    menuOpen = !menuOpen;
    void render();
  });
  for (const el of root.querySelectorAll<HTMLElement>(`.${c('picker-option')}, .${c('kid')}`)) {
    const id = el.dataset.child ?? '';
    el.removeAttribute('data-child');
    el.addEventListener('click', () => setChild(id));
  }
  for (const el of root.querySelectorAll<HTMLElement>(`.${c('period-button')}`)) {
    el.addEventListener('click', () => choosePeriod(el.textContent!.trim()));
  }
  root
    .querySelector<HTMLSelectElement>(`.${c('period-select')}`)
    ?.addEventListener('change', (e) => choosePeriod((e.target as HTMLSelectElement).value));
}

function choosePeriod(title: string): void {
  selectedPeriod = title;
  if (LAYOUT === 'cards' && updateCardsInPlace()) return;
  void render();
}

// ─────────────── marks ───────────────

function markChip(m: RawMark): string {
  const title = `${m.control_form_name}${m.comment ? ` — ${m.comment}` : ''}, ${m.date}`;
  return `<span class="${c('mark')}${m.is_point ? ` ${c('point')}` : ''}" title="${esc(title)}">${esc(m.value)}${m.weight > 1 ? `<sub>${m.weight}</sub>` : ''}</span>`;
}

let lastPayload: RawSubject[] = [];

function periodControls(periods: string[]): string {
  if (LAYOUT === 'table') {
    return `<label>Период <select class="${c('period-select')}">${periods.map((t) => `<option${t === selectedPeriod ? ' selected' : ''}>${esc(t)}</option>`).join('')}</select></label>`;
  }
  if (LAYOUT === 'cards') {
    return `<div class="${c('periods')}" role="tablist">${periods.map((t) => `<button type="button" role="tab" class="${c('period-button')}" aria-selected="${t === selectedPeriod}">${esc(t)}</button>`).join('')}</div>`;
  }
  if (LAYOUT === 'virtual') {
    return `<div class="${c('periods')}">${periods.map((t) => `<button type="button" class="${c('period-button')}${t === selectedPeriod ? ` ${c('period-on')}` : ''}">${esc(t)}</button>`).join('')}</div>`;
  }
  const data = LAYOUT === 'v1' || LAYOUT === 'no-text';
  return `<div class="${c('periods')}" role="group" aria-label="Период">${periods
    .map(
      (t) =>
        `<button type="button"${data ? ` data-period="${esc(t)}"` : ''} class="${c('period-button')}" aria-pressed="${t === selectedPeriod}">${esc(t)}</button>`,
    )
    .join('')}</div>`;
}

const periodOf = (s: RawSubject) => s.periods.find((x) => x.title === selectedPeriod);
const shortName = (name: string) => SHORT[name] ?? name;

function rowHtml(s: RawSubject): string {
  const p = periodOf(s);
  const marks = (p?.marks ?? []).map(markChip).join('') || '—';
  if (LAYOUT === 'table') {
    return `<tr class="${c('row')}"><td><a href="/diary/marks/current-marks?view=by_subject&subject_id=${s.subject_id}">${esc(s.subject_name)}</a></td><td>${marks}</td><td>${esc(p?.value || '—')}</td><td>${esc(p?.fixed_value ?? '')}</td></tr>`;
  }
  if (LAYOUT === 'cards') return `<article class="${c('card')}">${cardInside(s)}</article>`;
  const name =
    LAYOUT === 'no-text'
      ? `<a class="${c('name')}" role="rowheader" data-label="${esc(s.subject_name)}" href="/diary/marks/current-marks?view=by_subject&subject_id=${s.subject_id}"></a>`
      : `<a class="${c('name')}" role="rowheader" href="/diary/marks/current-marks?view=by_subject&subject_id=${s.subject_id}">${esc(s.subject_name)}</a>`;
  return `<div class="${c('row')}" role="row">
        ${name}
        <div class="${c('marks')}" role="cell">${marks}</div>
        <div class="${c('average')}" role="cell">${esc(p?.value || '—')}</div>
        <div class="${c('final')}" role="cell">${esc(p?.fixed_value ?? '')}</div>
      </div>`;
}

function cardInside(s: RawSubject): string {
  const p = periodOf(s);
  return `<div class="${c('card-head')}"><h3 class="${c('card-title')}">${esc(shortName(s.subject_name))}</h3><span class="${c('card-average')}">${esc(p?.value || '—')}</span></div>
    <div class="${c('card-marks')}">${(p?.marks ?? []).map(markChip).join('') || '<i>нет оценок</i>'}</div>
    <div class="${c('card-foot')}">Итог: ${esc(p?.fixed_value ?? '—')}</div>`;
}

/** A period switch in `cards` keeps the card elements and rewrites what is inside them, as a keyed re-render would. */
function updateCardsInPlace(): boolean {
  const cards = root.querySelectorAll<HTMLElement>(`.${c('card')}`);
  if (cards.length !== lastPayload.length) return false;
  lastPayload.forEach((s, i) => (cards[i]!.innerHTML = cardInside(s)));
  for (const b of root.querySelectorAll<HTMLElement>(`.${c('period-button')}`))
    b.setAttribute('aria-selected', String(b.textContent!.trim() === selectedPeriod));
  return true;
}

const ROW_HEIGHT = 64;

/** The virtual list: only the rows in view (and a few around) exist; the rest mount on scroll. */
function mountVirtualRows(): void {
  const box = root.querySelector<HTMLElement>(`.${c('viewport')}`);
  const inner = box?.firstElementChild as HTMLElement | null;
  if (!box || !inner) return;
  const from = Math.max(0, Math.floor(box.scrollTop / ROW_HEIGHT) - 1);
  const to = Math.min(lastPayload.length, Math.ceil((box.scrollTop + box.clientHeight) / ROW_HEIGHT) + 1);
  const want = new Set<number>();
  for (let i = from; i < to; i++) want.add(i);
  for (const row of [...inner.children] as HTMLElement[]) {
    const i = Number(row.style.top.replace('px', '')) / ROW_HEIGHT;
    if (!want.has(i)) row.remove();
    else want.delete(i);
  }
  for (const i of want) {
    const holder = document.createElement('div');
    holder.innerHTML = rowHtml(lastPayload[i]!);
    const row = holder.firstElementChild as HTMLElement;
    row.style.cssText = `position:absolute;left:0;right:0;top:${i * ROW_HEIGHT}px;height:${ROW_HEIGHT - 8}px`;
    inner.append(row);
  }
}

async function marksPage(child: Child): Promise<string> {
  const q = new URLSearchParams(location.search);
  const { payload } = await api<{ payload: RawSubject[] }>(`/api/family/web/v1/subject_marks?student_id=${child.id}`);
  lastPayload = payload;
  if (!payload.length) return `<h1>Оценки</h1><div class="${c('empty')}">Нет данных</div>`;
  const periods = payload[0]!.periods.map((p) => p.title);
  const today = new Date().toISOString().slice(0, 10);
  if (!selectedPeriod || !periods.includes(selectedPeriod)) {
    selectedPeriod =
      payload[0]!.periods.find((p) => p.start_iso <= today && today <= p.end_iso)?.title ?? periods[periods.length - 1] ?? null;
  }
  if (q.get('view') === 'by_subject') {
    const s = payload.find((x) => String(x.subject_id) === q.get('subject_id'));
    if (!s) return `<h1>Оценки</h1><p>Предмет не найден.</p>`;
    const marks = s.periods.flatMap((p) => p.marks);
    return `<h1>${esc(s.subject_name)}</h1><p><a href="/diary/marks/current-marks">← Все предметы</a></p>
      <div class="${c('subject-marks')}">${marks.map((m) => `<div class="${c('row')}"><span>${m.date}</span><span>${esc(m.control_form_name)}</span><span>${markChip(m)}</span><span></span></div>`).join('')}</div>`;
  }
  const controls = periodControls(periods);
  if (LAYOUT === 'table') {
    // A "next lesson" note and a subject filter: the names again, outside the rows.
    const next = payload[(new Date().getDate() + child.id) % payload.length]!;
    return `<h1>Оценки</h1>${controls}
      <label>Предмет <select class="${c('subject-filter')}"><option>Все предметы</option>${payload.map((s) => `<option>${esc(s.subject_name)}</option>`).join('')}</select></label>
      <p class="${c('note')}">Ближайший урок: <b>${esc(next.subject_name)}</b>, завтра в 08:30</p>
      <table class="${c('table')}"><thead><tr><th>Предмет</th><th>Оценки</th><th>Средний балл</th><th>Итог</th></tr></thead>
      <tbody>${payload.map(rowHtml).join('')}</tbody></table>`;
  }
  if (LAYOUT === 'cards') {
    return `<div class="${c('layout')}"><aside class="${c('side')}"><h2>Предметы</h2><ul>${payload.map((s) => `<li><a href="/diary/marks/current-marks?view=by_subject&subject_id=${s.subject_id}">${esc(s.subject_name)}</a></li>`).join('')}</ul></aside>
      <section><h1>Успеваемость</h1>${controls}<div class="${c('cards')}">${payload.map(rowHtml).join('')}</div></section></div>`;
  }
  if (LAYOUT === 'virtual') {
    return `<h1>Оценки</h1>${controls}<div class="${c('viewport')}"><div style="position:relative;height:${payload.length * ROW_HEIGHT}px"></div></div>`;
  }
  return `<h1>Оценки</h1>${controls}
    <div class="${c('table')}" role="table" aria-label="Оценки по предметам">
      <div class="${c('row')} ${c('head')}" role="row"><span role="columnheader">Предмет</span><span role="columnheader">Оценки</span><span role="columnheader">Средний</span><span role="columnheader">Итог</span></div>
      ${payload.map(rowHtml).join('')}
    </div>`;
}

async function schedulePage(child: Child): Promise<string> {
  const today = new Date().toISOString().slice(0, 10);
  const { payload } = await api<{
    payload: Array<{
      date: string;
      lessons: Array<{ begin_time: string; end_time: string; subject_name: string | null; lesson_name?: string | null }>;
    }>;
  }>(`/api/family/web/v1/schedule/short?student_id=${child.id}&dates=${today}`);
  const lessons = payload[0]?.lessons ?? [];
  return `<h1>Расписание на ${today}</h1>${lessons.length ? `<ol>${lessons.map((l) => `<li>${l.begin_time}–${l.end_time} ${esc(l.subject_name ?? l.lesson_name ?? '')}</li>`).join('')}</ol>` : `<div class="${c('empty')}">Уроков нет</div>`}`;
}

async function homeworkPage(child: Child): Promise<string> {
  const today = new Date();
  const from = today.toISOString().slice(0, 10);
  const to = new Date(today.getTime() + 7 * 864e5).toISOString().slice(0, 10);
  const { payload } = await api<{ payload: Array<{ date: string; subject_name: string; description: string }> }>(
    `/api/family/web/v1/homeworks?from=${from}&to=${to}&student_id=${child.id}`,
  );
  return `<h1>Домашние задания</h1>${payload.length ? `<ul>${payload.map((h) => `<li><b>${h.date}</b> ${esc(h.subject_name)}: ${esc(h.description)}</li>`).join('')}</ul>` : `<div class="${c('empty')}">Заданий нет</div>`}`;
}

async function render(): Promise<void> {
  try {
    if (!children.length) {
      const profile = await api<{ profile: { first_name: string; last_name: string }; children: Child[] }>('/api/family/web/v1/profile');
      children = profile.children;
      parentName = `${profile.profile.first_name} ${profile.profile.last_name}`;
    }
    const child = activeChild();
    if (!child) return frame(`<div class="${c('empty')}">Нет учеников</div>`);
    const path = location.pathname;
    const content = path.startsWith('/diary/schedules')
      ? await schedulePage(child)
      : path.startsWith('/diary/homeworks')
        ? await homeworkPage(child)
        : await marksPage(child);
    frame(content);
    if (LAYOUT === 'virtual') {
      mountVirtualRows();
      root.querySelector(`.${c('viewport')}`)?.addEventListener('scroll', mountVirtualRows, { passive: true });
    }
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return;
    frame(
      `<div class="${c('empty')}" role="alert">Не удалось загрузить данные (${esc(String((err as Error).message))}). Попробуйте обновить страницу.</div>`,
    );
  }
}

// ─────────────── styles ───────────────

function styles(): string {
  const s = (name: string) => `.${c(name)}`;
  const common = `
    ${s('nav')} { display: flex; gap: 18px; padding: 0 24px; background: #fff; border-bottom: 1px solid #e2e6ef; }
    ${s('nav')} a { padding: 12px 0; color: #1f2430; text-decoration: none; border-bottom: 2px solid transparent; }
    ${s('nav')} a[aria-current="page"] { border-color: #0b57d0; color: #0b57d0; }
    ${s('periods')} { display: flex; gap: 8px; margin: 0 0 16px; flex-wrap: wrap; }
    ${s('periods')} button { background: #eef2fa; color: #1f2430; padding: 6px 12px; }
    ${s('periods')} button[aria-pressed="true"], ${s('periods')} button[aria-selected="true"], ${s('period-on')} { background: #0b57d0 !important; color: #fff !important; }
    ${s('mark')} { display: inline-flex; align-items: baseline; justify-content: center; min-width: 26px; height: 26px; margin: 2px; border-radius: 6px; background: #eef2fa; font-weight: 600; }
    ${s('mark')} sub { font-size: 10px; font-weight: 400; margin-left: 1px; }
    ${s('point')} { outline: 2px dotted #b3261e; }
    ${s('empty')} { color: #5b6475; padding: 32px 0; text-align: center; }
    select { font: inherit; padding: 6px 8px; border-radius: 6px; }`;
  const byLayout: Record<Layout, string> = {
    v1: `${s('table')} { display: grid; gap: 0; }
      ${s('row')} { display: grid; grid-template-columns: 220px 1fr 80px 60px; align-items: center; gap: 12px; padding: 10px 0; border-bottom: 1px solid #eef0f4; }
      ${s('head')} { color: #5b6475; font-size: 13px; }`,
    random: '',
    'no-text': '',
    table: `${s('table')} { border-collapse: collapse; width: 100%; } ${s('table')} th, ${s('table')} td { text-align: left; padding: 8px 10px; border-bottom: 1px solid #eef0f4; vertical-align: top; }
      ${s('note')} { background: #f1f6ff; padding: 8px 12px; border-radius: 8px; }`,
    cards: `${s('layout')} { display: grid; grid-template-columns: 200px 1fr; gap: 24px; } ${s('side')} ul { list-style: none; padding: 0; margin: 0; } ${s('side')} li { padding: 4px 0; }
      ${s('cards')} { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 12px; }
      ${s('card')} { border: 1px solid #e2e6ef; border-radius: 12px; padding: 10px 12px; display: flex; flex-direction: column; gap: 6px; }
      ${s('card-head')} { display: flex; justify-content: space-between; align-items: baseline; } ${s('card-title')} { margin: 0; font-size: 16px; }
      ${s('card-foot')} { color: #5b6475; font-size: 13px; }
      ${s('picker')} { position: relative; } ${s('picker-list')} { position: absolute; z-index: 5; background: #fff; list-style: none; margin: 4px 0 0; padding: 4px; border: 1px solid #c6ccd8; border-radius: 8px; }
      ${s('picker-option')} { padding: 6px 10px; cursor: pointer; } ${s('picker-button')} { background: #eef2fa; color: #1f2430; }`,
    virtual: `${s('viewport')} { height: 420px; overflow-y: auto; border: 1px solid #e2e6ef; border-radius: 8px; }
      ${s('row')} { display: flex; align-items: center; gap: 14px; padding: 0 12px; border-bottom: 1px solid #eef0f4; box-sizing: border-box; }
      ${s('name')} { width: 200px; } ${s('marks')} { flex: 1; } ${s('average')} { width: 60px; } ${s('final')} { width: 40px; }
      ${s('kids')} { display: flex; gap: 6px; } ${s('kid')} { padding: 4px 10px; border-radius: 14px; background: #eef2fa; cursor: pointer; } ${s('kid-on')} { background: #0b57d0; color: #fff; }`,
  };
  const v1Like = `${s('table')} { display: grid; gap: 0; }
      ${s('row')} { display: grid; grid-template-columns: 220px 1fr 80px 60px; align-items: center; gap: 12px; padding: 10px 0; border-bottom: 1px solid #eef0f4; }
      ${s('head')} { color: #5b6475; font-size: 13px; }`;
  const extra =
    LAYOUT === 'random'
      ? v1Like
      : LAYOUT === 'no-text'
        ? `${v1Like} ${s('name')}::before { content: attr(data-label); }`
        : byLayout[LAYOUT];
  return common + extra;
}

// ─────────────── start ───────────────

document.addEventListener('click', (e) => {
  const a = (e.target as HTMLElement).closest('a');
  if (
    a &&
    a.origin === location.origin &&
    a.pathname.startsWith('/diary/') &&
    !e.defaultPrevented &&
    e.button === 0 &&
    !e.metaKey &&
    !e.ctrlKey
  ) {
    e.preventDefault();
    navigate(a.pathname + a.search);
  }
});
window.addEventListener('popstate', () => void render());

async function start(): Promise<void> {
  const style = document.createElement('style');
  style.textContent = styles();
  document.head.append(style);
  if (LAYOUT === 'random') {
    // Even the shell's own names change: nothing the server wrote keeps a class or id.
    root.id = idOf('root');
    root.removeAttribute('data-layout');
  }
  if (location.pathname === '/auth/callback') {
    // What the real SPA does right after login: probe the token, then go where the user was going.
    await fetch('/v2/token/refresh?roleId=2&subsystem=2', {
      credentials: 'include',
      headers: { Accept: 'application/json, text/plain, */*' },
    });
    const back = sessionStorage.getItem('return_to');
    sessionStorage.removeItem('return_to');
    history.replaceState({}, '', back && back.startsWith('/diary/') ? back : '/diary/marks/current-marks');
  }
  await render();
}
void start();
