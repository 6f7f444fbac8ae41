/**
 * The emulated «Сетевой город» week diary (sgo.rso23.ru/app/school/studentdiary/): a client-side
 * page like the real Angular one. It reads its token from the page global `appContext` the server
 * wrote, calls `/webapi/…` with the header `at`, draws a week of lessons with their marks, moves
 * week by week (each call moves the week the server remembers, as the real site's does), and runs
 * the site's own session keeper (CheckUserActivityPlug, real-samples/sgo/web-page-session-keeper):
 * `context/keepAlive` only after a mouse move or a key press, and back to `/` once the page has
 * been idle longer than `tokenTimeOut` and `context/expired` confirms it. Its timers are the
 * vendor's (5 min, 1 min), shortened in proportion where a test sets a lifetime of seconds.
 *
 * Layouts (fault `layout`, switchable at run time), so that the overlay meets markup it was not
 * written for, one subject on several days in each:
 * - `v1`: a section per day («Понедельник, 30.11.2026») with a table of its lessons;
 * - `table`: one table for the week, a date column without the year («30.11»), the term's name above;
 * - `cards`: a card per lesson with short subject names («Англ. яз.»), days as «30 ноября»;
 * - `virtual`: one list of the week's lessons whose rows mount on scroll;
 * - `random`: `v1` with every class and id random at each start;
 * - `no-text`: `v1` with the subjects' names drawn by CSS (nothing to anchor to).
 */

import { SHORT } from './short-names';

interface Ctx {
  at: string;
  tokenTimeOut: number;
  yearId: number;
}
interface Assignment {
  id: number;
  typeId: number;
  assignmentName: string;
  mark?: { mark: number | null; dutyMark: boolean } | null;
}
interface Lesson {
  number: number;
  subjectName: string;
  startTime: string;
  endTime: string;
  assignments: Assignment[];
}
interface Week {
  weekStart: string;
  weekEnd: string;
  weekDays: Array<{ date: string; lessons: Lesson[] }>;
  termName: string;
}
interface Init {
  students: Array<{ studentId: number; nickName: string; className: string }>;
  currentStudentId: number;
  weekStart: string;
}
type Layout = 'v1' | 'table' | 'cards' | 'virtual' | 'random' | 'no-text';

const ctx = (window as unknown as { appContext: Ctx }).appContext;
const root = document.getElementById('root')!;
const LAYOUT = (root.dataset.layout ?? 'v1') as Layout;

const mapped = new Map<string, string>();
/** A logical class name as this layout writes it (random ones in `random`). */
function c(name: string): string {
  if (LAYOUT !== 'random') return `ns-${name}`;
  let r = mapped.get(name);
  if (!r) mapped.set(name, (r = `_${Math.random().toString(36).slice(2, 9)}`));
  return r;
}

const DAYS = ['Воскресенье', 'Понедельник', 'Вторник', 'Среда', 'Четверг', 'Пятница', 'Суббота'];
const MONTHS = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const iso = (stamp: string) => stamp.slice(0, 10);
const dmy = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
const dm = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}`;
const worded = (d: string) => `${Number(d.slice(8, 10))} ${MONTHS[Number(d.slice(5, 7)) - 1]}`;
const weekday = (d: string) => DAYS[new Date(`${d}T12:00:00Z`).getUTCDay()]!;
const shift = (d: string, days: number) => new Date(Date.parse(`${d}T12:00:00Z`) + days * 86400000).toISOString().slice(0, 10);

async function api<T>(path: string): Promise<T> {
  const r = await fetch(`/webapi/${path}`, { headers: { at: ctx.at, 'X-Requested-With': 'XMLHttpRequest' }, credentials: 'include' });
  if (r.status === 401) {
    location.href = '/authorize';
    throw new Error('logged out');
  }
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  return (await r.json()) as T;
}

let init: Init;
let week: Week;
let student = 0;

const marksOf = (l: Lesson) =>
  l.assignments
    .flatMap((a) => (a.mark ? [a.mark.mark === null ? '•' : String(a.mark.mark)] : []))
    .map((m) => `<span class="${c('mark')}">${m}</span>`)
    .join(' ');
const homeworkOf = (l: Lesson) =>
  esc(
    l.assignments
      .filter((a) => a.typeId === 3 && !a.mark)
      .map((a) => a.assignmentName)
      .join('; '),
  );
const nameOf = (l: Lesson) =>
  LAYOUT === 'no-text'
    ? `<span class="${c('subject')}" data-name="${esc(l.subjectName)}"></span>`
    : `<span class="${c('subject')}">${esc(LAYOUT === 'cards' ? (SHORT[l.subjectName] ?? l.subjectName) : l.subjectName)}</span>`;

const lessonsOfWeek = () => week.weekDays.flatMap((d) => d.lessons.map((l) => ({ day: iso(d.date), l })));

const ROW_HEIGHT = 48;
function mountVirtualRows(): void {
  const box = root.querySelector<HTMLElement>(`.${c('viewport')}`);
  const inner = box?.firstElementChild as HTMLElement | null;
  if (!box || !inner) return;
  const all = lessonsOfWeek();
  const from = Math.max(0, Math.floor(box.scrollTop / ROW_HEIGHT) - 1);
  const to = Math.min(all.length, Math.ceil((box.scrollTop + box.clientHeight) / ROW_HEIGHT) + 1);
  const want = new Set<number>();
  for (let i = from; i < to; i++) want.add(i);
  for (const row of [...inner.children] as HTMLElement[]) {
    const i = Number(row.dataset.i);
    if (!want.has(i)) row.remove();
    else want.delete(i);
  }
  for (const i of want) {
    const { day, l } = all[i]!;
    const row = document.createElement('div');
    row.dataset.i = String(i);
    row.className = c('vrow');
    row.style.cssText = `position:absolute;left:0;right:0;top:${i * ROW_HEIGHT}px;height:${ROW_HEIGHT - 6}px`;
    row.innerHTML = `<span>${weekday(day).slice(0, 2).toLowerCase()} ${dm(day)}</span>${nameOf(l)}<span>${marksOf(l)}</span>`;
    inner.append(row);
  }
}

function weekHtml(): string {
  if (LAYOUT === 'table') {
    return `<p class="${c('term')}">${esc(week.termName)}</p><table class="${c('week')}"><thead><tr><th>Дата</th><th>Урок</th><th>Предмет</th><th>Задание</th><th>Оценки</th></tr></thead><tbody>${lessonsOfWeek()
      .map(
        ({ day, l }) =>
          `<tr><td>${dm(day)}</td><td>${l.number}</td><td>${nameOf(l)}</td><td>${homeworkOf(l)}</td><td>${marksOf(l)}</td></tr>`,
      )
      .join('')}</tbody></table>`;
  }
  if (LAYOUT === 'cards') {
    return week.weekDays
      .map(
        (d) =>
          `<section class="${c('day')}"><h2>${worded(iso(d.date))}, ${weekday(iso(d.date)).toLowerCase()}</h2><div class="${c('cards')}">${d.lessons
            .map(
              (l) =>
                `<div class="${c('card')}"><div class="${c('time')}">${l.startTime}–${l.endTime}</div>${nameOf(l)}<div class="${c('hw')}">${homeworkOf(l)}</div><div class="${c('marks')}">${marksOf(l)}</div></div>`,
            )
            .join('')}</div></section>`,
      )
      .join('');
  }
  if (LAYOUT === 'virtual') {
    return `<div class="${c('viewport')}" style="height:300px;overflow-y:auto;border:1px solid #dde"><div style="position:relative;height:${lessonsOfWeek().length * ROW_HEIGHT}px"></div></div>`;
  }
  return week.weekDays
    .map(
      (d) =>
        `<div class="${c('day')}"><h3>${weekday(iso(d.date))}, ${dmy(iso(d.date))}</h3><table class="${c('lessons')}"><thead><tr><th>Урок</th><th>Предмет</th><th>Домашнее задание</th><th>Оценка</th></tr></thead><tbody>${d.lessons
          .map(
            (l) =>
              `<tr class="${c('lesson')}"><td>${l.number}</td><td>${nameOf(l)}</td><td>${homeworkOf(l)}</td><td>${marksOf(l)}</td></tr>`,
          )
          .join('')}</tbody></table></div>`,
    )
    .join('');
}

function render(): void {
  const s = init.students[student]!;
  const start = iso(week.weekStart);
  // For the tests only (the overlay never reads it): which week is drawn.
  document.documentElement.dataset.week = start;
  const end = iso(week.weekEnd);
  const range = LAYOUT === 'cards' ? `${worded(start)} – ${worded(end)}` : `${dmy(start)} – ${dmy(end)}`;
  root.innerHTML = `<header class="${c('top')}"><b>Сетевой город. Образование</b> <span>Дневник</span></header>
<main class="${c('main')}"><div class="${c('student')}">Ученик: ${
    init.students.length > 1
      ? `<select class="${c('students')}">${init.students.map((x, i) => `<option value="${i}"${i === student ? ' selected' : ''}>${esc(x.nickName)}</option>`).join('')}</select>`
      : `<b>${esc(s.nickName)}</b>, ${esc(s.className)}`
  }</div>
<div class="${c('weeknav')}"><button type="button" class="${c('prev')}" title="Предыдущая неделя">‹</button> <span class="${c('range')}">${range}</span> <button type="button" class="${c('next')}" title="Следующая неделя">›</button></div>
${weekHtml()}</main>`;
  root.querySelector(`.${c('prev')}`)!.addEventListener('click', () => void load(shift(start, -7)));
  root.querySelector(`.${c('next')}`)!.addEventListener('click', () => void load(shift(start, 7)));
  root.querySelector(`.${c('students')}`)?.addEventListener('change', (e) => {
    student = Number((e.target as HTMLSelectElement).value);
    void load(start);
  });
  if (LAYOUT === 'virtual') {
    const box = root.querySelector<HTMLElement>(`.${c('viewport')}`)!;
    box.addEventListener('scroll', mountVirtualRows, { passive: true });
    mountVirtualRows();
  }
  if (LAYOUT === 'random')
    for (const el of root.querySelectorAll('*')) if (Math.random() < 0.3) el.id = `_${Math.random().toString(36).slice(2, 8)}`;
}

async function load(weekStart: string): Promise<void> {
  const id = init.students[student]!.studentId;
  week = await api<Week>(`student/diary?studentId=${id}&weekStart=${weekStart}&weekEnd=${shift(weekStart, 6)}&yearId=${ctx.yearId}`);
  render();
}

/** The site's own keeper: keep-alive only for an active user, logout once idle past tokenTimeOut. */
function keeper(): void {
  const scale = Math.min(1, ctx.tokenTimeOut / 900_000);
  let active = false;
  let lastAccess = Date.now();
  for (const type of ['mousemove', 'keypress']) document.addEventListener(type, () => (active = true), { passive: true });
  const probe = (what: string) =>
    fetch(`/webapi/context/${what}?token=${encodeURIComponent(ctx.at)}`, { credentials: 'include' }).then((r) => (r.ok ? r.json() : true));
  setInterval(() => {
    if (!active) return;
    active = false;
    void probe('keepAlive').then(() => (lastAccess = Date.now()));
  }, 300_000 * scale);
  setInterval(() => {
    if (Date.now() - lastAccess <= ctx.tokenTimeOut) return;
    void probe('expired').then((expired) => {
      if (expired === true) location.href = '/';
    });
  }, 60_000 * scale);
}

async function start(): Promise<void> {
  if (LAYOUT === 'random') {
    root.id = `_${Math.random().toString(36).slice(2, 8)}`;
    root.removeAttribute('data-layout');
  }
  const style = document.createElement('style');
  style.textContent =
    LAYOUT === 'no-text' ? `.${c('subject')}::before{content:attr(data-name)}` : `.${c('mark')}{font-weight:600;padding:0 2px}`;
  document.head.append(style);
  init = await api<Init>('student/diary/init');
  student = init.students[init.currentStudentId] ? init.currentStudentId : 0;
  keeper();
  await load(iso(init.weekStart));
}
void start();
