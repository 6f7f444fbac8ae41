import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCookies, readBody, send } from './http';
import type { Layout } from './pages';
import { addDays, type World, type WorldChild } from './world';

/**
 * An emulated «Сетевой город» site (sgo.rso23.ru), built from the recorded answers and the public
 * clients' models (shared/reference/real-samples/sgo, regions-findings.md §1): the login page
 * (`/authorize`, posting to `webapi/auth/getdata` and `webapi/auth/login`; the password is sent
 * plain here, where the real page sends its hashes — Tabel never logs in), the session cookie
 * `NSSESSIONID` and the token `at` every `/webapi/` call must carry, the diary page with its inline
 * `appContext`, the week diary with `weight: 0` on every assignment and the real weights only in
 * `assigns/{id}`, the terms through the report filters, keep-alive and expiry after `tokenTimeOut`
 * of inactivity, and the SecurityWarning interstitial as a fault.
 */
export const SGO_HOST = 'sgo.rso23.ru';
/** The same site under a name no list of Tabel's has: an install found by its page markers. */
export const SGO_UNLISTED_HOST = 'sgo.obrazovanie-example.ru';

/** The vendor's strings global its pages set (a few of them): what finds an install nobody listed. */
const LANGUAGE =
  '<script>window.language = { Generic: { Calendar: { kTitle1: "Календарь" }, Login: { kTitleSecurityWarning: "Предупреждение о безопасности" } } };</script>';

export interface SgoFaults {
  /** The session's idle lifetime, ms (`tokenTimeOut`; 900 000 for parents as recorded). */
  sgoTimeoutMs: number;
  /** Every `/webapi/` call answers the SecurityWarning page instead of JSON. */
  sgoSecurityWarning: boolean;
  /** The whole site answers 503 with its maintenance page (the diary page too: no `appContext` to read). */
  sgoMaintenance: boolean;
}

export const DEFAULT_SGO_FAULTS: SgoFaults = { sgoTimeoutMs: 900_000, sgoSecurityWarning: false, sgoMaintenance: false };

interface SgoSession {
  at: string;
  lastHit: number;
  /** The week the server remembers for the page: reading another week moves it. */
  weekStart: string;
}

/** Assignment types (`grade/assignment/types`), the world's control forms among them. */
const TYPES = [
  { id: 1, name: 'Ответ на уроке', abbr: 'О' },
  { id: 3, name: 'Домашнее задание', abbr: 'ДЗ' },
  { id: 4, name: 'Контрольная работа', abbr: 'К' },
  { id: 5, name: 'Самостоятельная работа', abbr: 'С' },
  { id: 6, name: 'Проверочная работа', abbr: 'П' },
  { id: 7, name: 'Итоговая контрольная работа', abbr: 'ИК' },
  { id: 18, name: 'Практическая работа', abbr: 'ПР' },
].map((t, i) => ({ ...t, order: i + 1 }));
const typeOf = (form: string) => TYPES.find((t) => t.name === form)?.id ?? (form.startsWith('Домашн') ? 3 : 1);

const mondayOf = (day: string) => addDays(day, -((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7));
const stamp = (day: string) => `${day}T00:00:00`;

const JSON_TYPE = 'application/json; charset=utf-8';
const HTML = 'text/html; charset=utf-8';
/** Its API answers JSON unless said otherwise. */
const answer = (
  res: ServerResponse,
  status: number,
  text: string,
  type = JSON_TYPE,
  headers: Record<string, string | string[]> = {},
): void => send(res, status, text, type, headers);

/** The week diary of one child (the recorded shape): lessons with their assignments, marks inside. */
export function weekJson(child: WorldChild, weekStart: string) {
  const end = addDays(weekStart, 6);
  const days = new Map<string, unknown[]>();
  for (let d = weekStart; d <= end; d = addDays(d, 1)) days.set(d, []);
  // A mark given on a day its subject had no lesson (one added by a test) comes in a lesson of its own, as a replacement lesson would.
  const lessons = [...child.lessons];
  for (const m of child.marks)
    if (m.date >= weekStart && m.date <= end && !lessons.some((l) => l.date === m.date && l.subjectId === m.subjectId))
      lessons.push({
        id: m.id,
        date: m.date,
        number: 9,
        subjectId: m.subjectId,
        begin: '15:00',
        end: '15:40',
        room: '',
        missed: false,
        absenceReasonId: null,
      });
  for (const lesson of lessons) {
    if (lesson.date < weekStart || lesson.date > end) continue;
    const subject = child.subjects.find((s) => s.id === lesson.subjectId)!;
    const assignments: unknown[] = [];
    for (const m of child.marks) {
      if (m.date !== lesson.date || m.subjectId !== lesson.subjectId) continue;
      // SGO marks are integers; a «точка» is a duty mark without one. The world's «См»/«НВ» have no SGO form.
      const n = Number(m.value);
      if (!m.isPoint && !Number.isInteger(n)) continue;
      assignments.push({
        id: m.id,
        typeId: typeOf(m.controlForm),
        assignmentName: m.controlForm,
        weight: 0,
        dueDate: stamp(m.date),
        classMeetingId: lesson.id,
        mark: { assignmentId: m.id, id: 0, studentId: child.id, mark: m.isPoint ? null : n, resultScore: null, dutyMark: m.isPoint },
      });
    }
    for (const h of child.homework)
      if (h.dueOn === lesson.date && h.subjectId === lesson.subjectId)
        assignments.push({ id: h.id, typeId: 3, assignmentName: h.text, weight: 0, dueDate: stamp(h.dueOn), classMeetingId: lesson.id });
    days.get(lesson.date)!.push({
      classmeetingId: lesson.id,
      day: stamp(lesson.date),
      number: lesson.number,
      relay: 1,
      room: lesson.room,
      startTime: lesson.begin,
      endTime: lesson.end,
      subjectName: subject.name,
      assignments,
      isEaLesson: false,
    });
  }
  return {
    weekStart: stamp(weekStart),
    weekEnd: stamp(end),
    weekDays: [...days].filter(([, l]) => l.length).map(([date, lessons]) => ({ date: stamp(date), lessons })),
    laAssigns: [],
    termName: child.periods.find((p) => p.begin <= weekStart && weekStart <= p.end)?.name ?? '',
    className: child.className,
  };
}

function loginPage(error = ''): string {
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Сетевой город. Образование</title>${LANGUAGE}</head>
<body><main><h1>Сетевой город. Образование</h1><p>Краснодарский край</p>
${error ? `<p role="alert">${error}</p>` : ''}
<form id="login"><label>Логин <input id="un" name="un" autocomplete="username"></label>
<label>Пароль <input id="pw" name="pw" type="password" autocomplete="current-password"></label>
<button id="enter" type="submit">Войти</button></form>
<script>
document.getElementById('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const data = await (await fetch('/webapi/auth/getdata', { method: 'POST' })).json();
  const form = new URLSearchParams({ loginType: '2', scid: '1127', un: un.value, pw: pw.value, lt: data.lt, ver: data.ver });
  const r = await fetch('/webapi/auth/login', { method: 'POST', body: form });
  if (r.ok) location.href = '/app/school/studentdiary/';
  else location.href = '/authorize?error=1';
});
</script></main></body></html>`;
}

/**
 * The diary page as the server sends it: the inline `appContext` with the token, and the shell the
 * client app (portal/app/sgo-diary-app.ts) draws the week into, in the layout asked for.
 */
function diaryPage(world: World, s: SgoSession, timeoutMs: number, layout: Layout): string {
  const appContext = {
    at: s.at,
    tokenTimeOut: timeoutMs,
    userId: world.parent.userId,
    yearId: world.academicYear.id,
    schoolId: world.school.id,
  };
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Дневник</title>
<script>window.appContext = ${JSON.stringify(appContext)};</script>${LANGUAGE}</head>
<body><div id="root" data-layout="${layout}"><header><b>Сетевой город. Образование</b> <span>Загрузка…</span></header></div>
<script src="/static/sgo-diary.js"></script></body></html>`;
}

const SECURITY_WARNING_PAGE =
  '<!doctype html><html><body><form method="post" action="/asp/SecurityWarning.asp"><input type="hidden" name="WarnType" value="2"><p>Предупреждение о безопасности</p></form></body></html>';

export function createSgoSite(o: { world: World; faults: SgoFaults & { layout?: Layout }; app: string; now?: () => number }) {
  const now = o.now ?? Date.now;
  const { world, faults } = o;
  const sessions = new Map<string, SgoSession>();
  const child = () => world.children[0]!;
  const alive = (s: SgoSession | undefined) => !!s && now() - s.lastHit < faults.sgoTimeoutMs;

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const sid = parseCookies(req).NSSESSIONID;
    const session = sid ? sessions.get(sid) : undefined;
    if (faults.sgoMaintenance)
      return answer(
        res,
        503,
        '<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Сетевой город</title></head><body><h1>Технические работы</h1><p>Сайт временно недоступен.</p></body></html>',
        HTML,
        { 'retry-after': '600' },
      );
    if (path === '/' || path === '/authorize' || path === '/authorize/login')
      return answer(res, 200, loginPage(url.searchParams.get('error') ? 'Неверный логин или пароль' : ''), HTML);
    if (path === '/webapi/auth/getdata' && req.method === 'POST')
      return send(
        res,
        200,
        JSON.stringify({ lt: String(100000000 + Math.floor(Math.random() * 9e8)), ver: '5450', salt: randomBytes(8).toString('hex') }),
      );
    if (path === '/webapi/auth/login' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      if (form.get('un') !== 'parent' || form.get('pw') !== 'parent')
        return answer(res, 409, JSON.stringify({ message: 'Неправильный пароль или имя пользователя' }));
      const id = randomUUID();
      const s: SgoSession = {
        at: randomBytes(13)
          .toString('hex')
          .replace(/[a-f]/g, (c) => String(c.charCodeAt(0) % 10)),
        lastHit: now(),
        weekStart: mondayOf(world.today),
      };
      sessions.set(id, s);
      return send(
        res,
        200,
        JSON.stringify({
          at: s.at,
          code: null,
          timeOut: faults.sgoTimeoutMs,
          tokenType: 'Bearer',
          entryPoint: '/app/school/studentdiary/',
          accountInfo: { user: { id: world.parent.userId, name: `${world.parent.lastName} ${world.parent.firstName}` } },
        }),
        undefined,
        {
          'set-cookie': `NSSESSIONID=${id}; Path=/; Secure; HttpOnly; SameSite=Lax`,
        },
      );
    }
    if (path.startsWith('/app/school/studentdiary') || path.startsWith('/angular/school/studentdiary')) {
      if (!session || !alive(session)) return answer(res, 302, '', 'text/plain', { location: '/authorize' });
      session.lastHit = now();
      return answer(res, 200, diaryPage(world, session, faults.sgoTimeoutMs, faults.layout ?? 'v1'), HTML);
    }
    if (path === '/static/sgo-diary.js') return answer(res, 200, o.app, 'text/javascript; charset=utf-8');
    if (!path.startsWith('/webapi/')) return answer(res, 404, 'not found', 'text/plain');
    // The page's own keeper sends its token in the query (the vendor's `auth: false`), not in `at`.
    const token = path.startsWith('/webapi/context/') ? (url.searchParams.get('token') ?? req.headers.at) : req.headers.at;
    if (path === '/webapi/context/expired') return answer(res, 200, String(!session || !alive(session) || token !== session.at));
    // Every call: the session cookie and its token in `at`; each authenticated hit extends the session.
    if (!session || !alive(session) || token !== session.at) return answer(res, 401, JSON.stringify({ message: 'Unauthorized' }));
    if (faults.sgoSecurityWarning) return answer(res, 200, SECURITY_WARNING_PAGE, HTML);
    const api = path.slice('/webapi/'.length);
    const q = url.searchParams;
    if (api.startsWith('context/')) {
      // The page's own keeper: expired (above) and lifetime are probes (no extension), keepAlive extends.
      if (api === 'context/keepAlive') session.lastHit = now();
      if (api === 'context/lifetime') return answer(res, 200, String(Math.max(0, faults.sgoTimeoutMs - (now() - session.lastHit))));
      return answer(res, 200, JSON.stringify({ ok: true }));
    }
    session.lastHit = now();
    const c = child();
    switch (api) {
      case 'student/diary/init':
        return send(
          res,
          200,
          JSON.stringify({
            students: [
              { studentId: c.id, nickName: `${c.firstName} ${c.lastName}`, className: c.className, classId: c.classUnitId, iupGrade: 0 },
            ],
            currentStudentId: 0,
            weekStart: stamp(session.weekStart),
            weight: true,
            maxMark: 5,
            withLaAssigns: true,
          }),
        );
      case 'years/current':
        return send(
          res,
          200,
          JSON.stringify({
            id: world.academicYear.id,
            name: world.academicYear.name,
            startDate: stamp(world.yearStart),
            endDate: stamp(world.yearEnd),
            schoolId: world.school.id,
            closed: 'Open',
          }),
        );
      case 'grade/assignment/types':
        return answer(res, 200, JSON.stringify(TYPES));
      case 'reports/studentGrades': {
        const current = c.periods.findIndex((p) => p.begin <= world.today && world.today <= p.end);
        return send(
          res,
          200,
          JSON.stringify({
            filterSources: [
              { filterId: 'SID', items: [{ value: String(c.id), title: c.firstName }], defaultValue: String(c.id) },
              {
                filterId: 'TERMID',
                items: c.periods.map((p, i) => ({ value: String(i + 1), title: p.name })),
                defaultValue: String(Math.max(0, current) + 1),
              },
            ],
          }),
        );
      }
      case 'v2/reports/studentgrades/initfilters': {
        const input = JSON.parse((await readBody(req)) || '{}') as { selectedData?: Array<{ filterId: string; filterValue: string }> };
        const term = c.periods[Number(input.selectedData?.find((x) => x.filterId === 'TERMID')?.filterValue) - 1];
        if (!term) return answer(res, 400, JSON.stringify({ message: 'no such term' }));
        return answer(res, 200, JSON.stringify({ period: { range: { start: stamp(term.begin), end: stamp(term.end) } } }));
      }
      case 'student/diary': {
        if (q.get('studentId') !== String(c.id)) return answer(res, 400, JSON.stringify({ message: 'bad studentId' }));
        const start = q.get('weekStart')?.slice(0, 10) ?? session.weekStart;
        session.weekStart = mondayOf(start);
        return answer(res, 200, JSON.stringify(weekJson(c, session.weekStart)));
      }
    }
    const assign = /^student\/diary\/assigns\/(\d+)$/.exec(api);
    if (assign) {
      const m = c.marks.find((x) => String(x.id) === assign[1]);
      if (!m) return answer(res, 404, JSON.stringify({ message: 'no such assignment' }));
      const subject = c.subjects.find((s) => s.id === m.subjectId)!;
      // The real weight, on the site's own scale (10 a unit).
      return send(
        res,
        200,
        JSON.stringify({
          id: m.id,
          assignmentName: m.controlForm,
          weight: m.weight * 10,
          date: stamp(m.date),
          subjectGroup: { id: subject.id, name: subject.name },
          teacher: { id: 1, name: 'Учитель' },
          isDeleted: false,
          description: '',
        }),
      );
    }
    return answer(res, 404, JSON.stringify({ message: `unknown ${api}` }));
  }

  return { handle, sessions };
}
