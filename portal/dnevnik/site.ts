import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCookies, readBody, send } from '../http';
import { randomNames } from '../random-names';
import { addDays, type World, type WorldChild } from '../world';

/**
 * An emulated Дневник.ру (regions-findings.md §6), built from the clients' model of its page state
 * and the one recorded answer (real-samples/dnevnik-ru): the login chain (`login.dnevnik.ru/login`
 * → a redirect carrying `token=` → `login/token` sets the `DnevnikAuth_a` cookie for `.dnevnik.ru`
 * → back to the page asked for), `dnevnik.ru/userfeed` with its inline
 * `window.__USER__START__PAGE__INITIAL__STATE__` (ids as strings, the reporting periods), and the
 * schedule JSON that page fetches with its cookies (each day's lessons with `workMarks`; an empty day
 * exactly as recorded). No weight anywhere. The session goes after `dnevnikIdleMs` without a hit;
 * then pages redirect to the login and the JSON answers 401.
 */
export const DNEVNIK_HOST = 'dnevnik.ru';
export const DNEVNIK_LOGIN_HOST = 'login.dnevnik.ru';
/** The old server-built pages (the period table with the site's own average): a student's, and a parent's. */
export const DNEVNIK_SCHOOLS_HOST = 'schools.dnevnik.ru';
export const DNEVNIK_CHILDREN_HOST = 'children.dnevnik.ru';

export interface DnevnikFaults {
  /** Idle lifetime of the web session, ms (the real one is not known). */
  dnevnikIdleMs: number;
  /** Every page and answer of the site's hosts is 503 (maintenance). */
  dnevnikDown: boolean;
}
export const DEFAULT_DNEVNIK_FAULTS: DnevnikFaults = { dnevnikIdleMs: 30 * 60_000, dnevnikDown: false };

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const CHAT = { jid: 'chat_students_0000000000000000000@muclight.xmpp.dnevnik.ru' };

/** One day of the schedule as the site answers it: the lessons that had marks, with them; `[]` for a day without. */
export function scheduleDay(child: WorldChild, date: string, today: string) {
  if (date > today) return [];
  const bySubject = new Map<number, Array<{ id: number; value: string }>>();
  for (const m of child.marks) {
    if (m.date !== date || m.isPoint || !/^\d+$/.test(m.value)) continue;
    if (child.subjects.find((s) => s.id === m.subjectId)?.scale !== 'five') continue;
    bySubject.set(m.subjectId, [...(bySubject.get(m.subjectId) ?? []), { id: m.id, value: m.value }]);
  }
  return [...bySubject].map(([subjectId, marks], i) => {
    const subject = child.subjects.find((s) => s.id === subjectId)!;
    return {
      id: `${subjectId}${date.replace(/-/g, '')}`,
      number: i + 1,
      isCanceled: false,
      subject: { id: String(subjectId), name: subject.name, knowledgeArea: subject.name },
      workMarks: marks.map((m) => ({
        workId: String(m.id + 1),
        marks: [{ id: String(m.id), value: m.value, mood: Number(m.value) >= 4 ? 'Good' : 'Average' }],
      })),
      importantWorks: [],
      isEmpty: false,
    };
  });
}

const DOWN =
  '<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Дневник.ру</title></head><body><h1>Профилактические работы</h1></body></html>';

export function createDnevnikSite(o: { world: World; faults: DnevnikFaults & { layout?: string }; now?: () => number }) {
  const now = o.now ?? Date.now;
  const { world, faults } = o;
  const randomized = randomNames();
  const page = (html: string) => (faults.layout === 'random' ? randomized(html) : html);
  /** Maintenance: what a scraper of the real site has seen («Профилактические работы», as its title). */
  const down = (res: ServerResponse) => (faults.dnevnikDown ? (send(res, 503, DOWN, HTML, { 'Retry-After': '600' }), true) : false);
  const sessions = new Map<string, { lastHit: number }>();
  const tokens = new Map<string, number>();
  const child = () => world.children[0]!;
  const ids = () => ({ personId: String(child().id), schoolId: String(world.school.id), groupId: String(child().classUnitId) });
  const parentId = String(world.parent.userId);

  function state() {
    const c = child();
    const who = ids();
    const periods = c.periods.map((p, i) => ({
      id: String(70000 + i),
      type: 'Quarter',
      number: i + 1,
      dateStart: `${p.begin}T00:00:00`,
      dateFinish: `${p.end}T00:00:00`,
      studyYear: Number(world.yearStart.slice(0, 4)),
      isCurrent: world.today >= p.begin && world.today <= p.end,
    }));
    return {
      userSchedule: {
        apiUrl: 'https://dnevnik.ru/api/userfeed',
        currentDate: world.today,
        currentChild: { ...who, hasSchedule: true, schoolType: 'Regular' },
        children: [{ ...who, schedule: { days: [] }, chatStub: CHAT }],
      },
      userMarks: { currentChild: who, children: [{ ...who, marks: [] }] },
      userContext: {
        contextPersons: [{ ...who, userId: who.personId, firstName: c.firstName, lastName: c.lastName }],
        currentContextPerson: {
          personId: parentId,
          schoolId: who.schoolId,
          groupId: who.groupId,
          userId: parentId,
          firstName: world.parent.firstName,
          lastName: world.parent.lastName,
          school: {
            id: who.schoolId,
            name: world.school.name,
            pageUrl: `https://schools.dnevnik.ru/school.aspx?school=${who.schoolId}`,
            type: 'Regular',
            isOo: true,
          },
          group: { id: who.groupId, name: c.className, studyYear: Number(world.yearStart.slice(0, 4)), parallel: c.classLevel },
          reportingPeriodGroup: { id: '7000', type: 'Quarter', periods },
        },
        userContextInfo: { isParent: true, isStudent: false },
        educationType: 'Regular',
      },
      analytics: { ...who, personId: parentId, userId: parentId, isCriteriaJournalType: false, baseUrl: 'https://dnevnik.ru' },
    };
  }

  const userfeed = () => `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Дневник.ру</title></head><body>
<header><b>Дневник.ру</b> · ${esc(world.parent.firstName)} ${esc(world.parent.lastName)}</header>
<main><h1>Лента</h1><p>${esc(child().firstName)} ${esc(child().lastName)}, ${esc(child().className)}</p></main>
<script>window.dnevnik = { auth: { isAuthenticated: true } };
window.__USER__START__PAGE__INITIAL__STATE__ = ${JSON.stringify(state())};window.__TALK__INITIAL__STATE__ = {"unread":0};</script></body></html>`;

  const loginForm = (hint = '') => `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Вход — Дневник.ру</title></head><body>
<form method="post" action="/login"><h1>Вход</h1>${hint ? `<div class="login__body__hint">${esc(hint)}</div>` : ''}
<label>Логин <input id="login" name="login"></label> <label>Пароль <input id="password" name="password" type="password"></label>
<input type="hidden" name="exceededAttempts" value="False"><button id="enter">Войти</button></form></body></html>`;

  async function login(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/login' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      if (form.get('login') !== 'parent' || form.get('password') !== 'parent')
        return send(res, 200, loginForm('Неверный логин или пароль'), HTML);
      const token = randomBytes(12).toString('hex');
      tokens.set(token, now() + 60_000);
      const back = url.searchParams.get('ReturnUrl') ?? form.get('ReturnUrl') ?? `https://${DNEVNIK_HOST}/userfeed`;
      return send(res, 302, '', HTML, {
        Location: `https://${DNEVNIK_LOGIN_HOST}/login/token?token=${token}&returnUrl=${encodeURIComponent(back)}`,
      });
    }
    if (url.pathname === '/login/token') {
      const token = url.searchParams.get('token') ?? '';
      const until = tokens.get(token);
      tokens.delete(token);
      if (!until || until < now()) return send(res, 302, '', HTML, { Location: `https://${DNEVNIK_LOGIN_HOST}/login` });
      const sid = randomBytes(16).toString('hex');
      sessions.set(sid, { lastHit: now() });
      const back = url.searchParams.get('returnUrl') ?? '';
      return send(res, 302, '', HTML, {
        Location: /^https:\/\/([a-z.]+\.)?dnevnik\.ru\//.test(back) ? back : `https://${DNEVNIK_HOST}/userfeed`,
        'Set-Cookie': `DnevnikAuth_a=${sid}; Domain=dnevnik.ru; Path=/; Secure; HttpOnly; SameSite=Lax`,
      });
    }
    return send(res, 200, loginForm(), HTML);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (down(res)) return;
    const sid = parseCookies(req).DnevnikAuth_a;
    const s = sid ? sessions.get(sid) : undefined;
    const alive = !!s && now() - s.lastHit <= faults.dnevnikIdleMs;
    if (!alive && sid) sessions.delete(sid);
    const api = /^\/api\/userfeed\/persons\/([^/]+)\/schools\/([^/]+)\/groups\/([^/]+)\/schedule$/.exec(url.pathname);
    if (api) {
      if (!alive) return send(res, 401, JSON.stringify({ type: 'authorizationFailed', description: 'Unauthorized' }), JSON_TYPE);
      s!.lastHit = now();
      const who = ids();
      if (api[1] !== who.personId || api[2] !== who.schoolId || api[3] !== who.groupId)
        return send(res, 403, JSON.stringify({ type: 'forbidden' }), JSON_TYPE);
      const date = Number(url.searchParams.get('date'));
      const take = Math.min(Math.max(Number(url.searchParams.get('takeDays')) || 1, 1), 14);
      if (!Number.isFinite(date)) return send(res, 400, JSON.stringify({ type: 'badRequest' }), JSON_TYPE);
      const first = new Date(date * 1000).toISOString().slice(0, 10);
      const days = [];
      for (let i = 0; i < take; i++) {
        const d = addDays(first, i);
        const lessons = scheduleDay(child(), d, world.today);
        // A day without lessons with marks is not in the answer (the recorded empty answer has no days at all).
        if (lessons.length) days.push({ date: `${d}T00:00:00`, utcOffset: 3, hasImportantWork: false, lessons, sorSochs: [] });
      }
      return send(res, 200, JSON.stringify({ days, chatStub: CHAT }), JSON_TYPE);
    }
    if (!alive)
      return send(res, 302, '', HTML, {
        Location: `https://${DNEVNIK_LOGIN_HOST}/login?ReturnUrl=${encodeURIComponent(`https://${DNEVNIK_HOST}${url.pathname}`)}`,
      });
    s!.lastHit = now();
    if (url.pathname === '/' || url.pathname === '/userfeed' || url.pathname === '/userfeed/') return send(res, 200, userfeed(), HTML);
    return send(res, 404, '<h1>Страница не найдена</h1>', HTML);
  }

  /**
   * `schools.dnevnik.ru/marks.aspx?tab=period&period=<n>`: `table#journal`, a row per subject with its
   * marks in `span.mark`, then the site's own average and the period mark (the row's last two). The
   * site weighs its marks (with the world's weights, which it never shows): its average is not the
   * plain one a reader of the marks can compute.
   */
  function periodTable(n: number): string {
    const c = child();
    const q = c.periods[n - 1];
    const rows = !q
      ? ''
      : c.subjects
          .filter((x) => x.scale === 'five')
          .map((x) => {
            const ms = c.marks.filter(
              (m) =>
                m.subjectId === x.id &&
                m.date >= q.begin &&
                m.date <= q.end &&
                m.date <= world.today &&
                !m.isPoint &&
                /^\d+$/.test(m.value),
            );
            const w = ms.reduce((a, m) => a + m.weight, 0);
            const avg = w ? ms.reduce((a, m) => a + Number(m.value) * m.weight, 0) / w : null;
            const mark = avg === null ? '' : avg >= 4.5 ? '5' : avg >= 3.5 ? '4' : avg >= 2.5 ? '3' : '2';
            const cells = ms.map((m) => `<span class="mark mG" title="${esc(m.controlForm)}">${m.value}</span>`).join(' ');
            const shown = avg === null ? '' : avg.toFixed(2).replace('.', ',');
            // A card per subject, its figures labelled: a markup no scraper has read (the content-anchoring layouts).
            if (faults.layout === 'cards')
              return `<section class="subject-card"><h3>${esc(x.name)}</h3><p class="marks">${cells.replace(/ class="mark mG"/g, '')}</p><p>Средняя: <b>${shown}</b></p><p>Итоговая: <b>${mark}</b></p></section>`;
            return `<tr><td class="s2"><strong class="u">${esc(x.name)}</strong></td><td>${cells}</td><td><span class="mark">${shown}</span></td><td><span class="mark">${mark}</span></td></tr>`;
          })
          .join('\n');
    const body =
      faults.layout === 'cards'
        ? `<div class="cards">${rows}</div>`
        : `<table id="journal" class="grid"><tr><th>Предмет</th><th>Оценки</th><th>Средняя</th><th>Итоговая</th></tr>
${rows}</table>`;
    return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Оценки за период — Дневник.ру</title>
<style>.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px}.subject-card{border:1px solid #ddd;border-radius:8px;padding:8px 12px}.subject-card h3{margin:0 0 4px}</style></head><body>
<h1>${esc(c.firstName)} ${esc(c.lastName)} · ${n} четверть</h1>
${body}</body></html>`;
  }

  async function schools(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (down(res)) return;
    const host = req.headers.host?.split(':')[0] === DNEVNIK_CHILDREN_HOST ? DNEVNIK_CHILDREN_HOST : DNEVNIK_SCHOOLS_HOST;
    const sid = parseCookies(req).DnevnikAuth_a;
    const s = sid ? sessions.get(sid) : undefined;
    if (!s || now() - s.lastHit > faults.dnevnikIdleMs)
      return send(res, 302, '', HTML, {
        Location: `https://${DNEVNIK_LOGIN_HOST}/login?ReturnUrl=${encodeURIComponent(`https://${host}${url.pathname}${url.search}`)}`,
      });
    s.lastHit = now();
    if (url.pathname === '/marks.aspx' && url.searchParams.get('tab') === 'period') {
      // A parent's page names the child (`child=`, as one client asks it); another child's is not this parent's.
      const asked = url.searchParams.get('child');
      if (host === DNEVNIK_CHILDREN_HOST && asked && asked !== String(child().id)) return send(res, 403, '<h1>Доступ запрещён</h1>', HTML);
      return send(res, 200, page(periodTable(Number(url.searchParams.get('period')) || 1)), HTML);
    }
    return send(res, 404, '<h1>Страница не найдена</h1>', HTML);
  }

  return { handle, login, schools };
}
