import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCookies, readBody, send } from '../http';
import type { World, WorldChild } from '../world';
import type { Layout } from '../pages';
import { randomNames } from '../random-names';
import { authorizePage, gradesPage, journalApp, type EljurUser, type GridSubject } from './pages';

/**
 * An emulated ЭлЖур school site (regions-findings.md §6): the login page and `POST /ajaxauthorize`
 * (a cookie session, extended by every page hit, gone after `eljurIdleMs` of none), `/journal-app`,
 * the grades grid per period (`/journal-student-grades-action/u.<uid>/sp.<period>`), every logged-in
 * page with `sentryData`, and, once the session is gone, a 302 to `/authorize`. Its `/apiv3/*`
 * refuses every call without a developer key, and counts them: Tabel must never make one.
 */
export const ELJUR_HOST = 'gym29.eljur.ru';

export interface EljurFaults {
  /** Idle lifetime of the web session, ms (not known for the real site: regions-findings.md §2). */
  eljurIdleMs: number;
  /** Every page answers 503 with a maintenance page (no `sentryData`). */
  eljurDown: boolean;
}
export const DEFAULT_ELJUR_FAULTS: EljurFaults = { eljurIdleMs: 30 * 60_000, eljurDown: false };

const ROMAN = ['I', 'II', 'III', 'IV'];
/** The world's «1 четверть» as ЭлЖур names it: «I четверть». */
const periodName = (name: string) => name.replace(/^(\d)/, (d) => ROMAN[Number(d) - 1] ?? d);
const ddmm = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}`;

/** A period's grid: a cell per subject and day with marks; the marks as the grid writes them (no weights, no «точки»). */
export function gridOf(child: WorldChild, period: { begin: string; end: string }, today: string): GridSubject[] {
  return child.subjects.map((s) => {
    const byDay = new Map<string, string[]>();
    for (const m of child.marks) {
      if (m.subjectId !== s.id || m.date < period.begin || m.date > period.end || m.date > today || m.isPoint) continue;
      if (!/^\d+$/.test(m.value) || s.scale !== 'five') continue;
      byDay.set(m.date, [...(byDay.get(m.date) ?? []), m.value]);
    }
    for (const l of child.lessons)
      if (l.subjectId === s.id && l.missed && l.date >= period.begin && l.date <= period.end && l.date <= today)
        byDay.set(l.date, [...(byDay.get(l.date) ?? []), 'Н']);
    const cells = [...byDay]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([day, values]) => ({ date: ddmm(day), text: values.join('/'), id: `${s.id}${day.replace(/-/g, '')}` }));
    return { name: s.name, cells };
  });
}

export function createEljurSite(o: { world: World; faults: EljurFaults & { layout?: Layout }; now?: () => number }) {
  const now = o.now ?? Date.now;
  const { world, faults } = o;
  const sessions = new Map<string, { lastHit: number }>();
  // `random`: the diary's pages with every class and id a random name of this run (the login page keeps its own).
  const randomized = randomNames();
  const page = (html: string) => (faults.layout === 'random' ? randomized(html) : html);
  /** Calls to `/apiv3/*` (there should be none from Tabel). */
  const apiCalls: string[] = [];
  const user: EljurUser = {
    uid: String(world.parent.userId),
    username: `${world.parent.lastName} ${world.parent.firstName}`,
    role: 'parent',
    domain: ELJUR_HOST.split('.')[0]!,
  };
  const children = world.children.map((c) => ({ uid: String(c.id), name: `${c.lastName} ${c.firstName}`, child: c }));

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = decodeURIComponent(url.pathname.replace(/\+/g, ' '));
    if (faults.eljurDown)
      return send(
        res,
        503,
        '<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>ЭлЖур</title></head><body><h1>Технические работы</h1></body></html>',
        'text/html; charset=utf-8',
        { 'Retry-After': '600' },
      );
    if (path.startsWith('/apiv3/') || path.startsWith('/api/')) {
      apiCalls.push(url.pathname + url.search);
      const body = {
        response: { state: 400, error: url.searchParams.get('devkey') ? 'Неверный devkey' : 'devkey required', result: null },
      };
      return send(res, 400, JSON.stringify(body), 'application/json; charset=utf-8');
    }
    if (path === '/ajaxauthorize' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      if (form.get('username') !== 'parent' || form.get('password') !== 'parent')
        return send(res, 200, JSON.stringify({ result: false, error: 'Неверный логин или пароль' }), 'application/json; charset=utf-8');
      const sid = randomBytes(16).toString('hex');
      sessions.set(sid, { lastHit: now() });
      return send(res, 200, JSON.stringify({ result: true, error: null }), 'application/json; charset=utf-8', {
        'Set-Cookie': `ej_sid=${sid}; Path=/; Secure; HttpOnly; SameSite=Lax`,
      });
    }
    if (path === '/authorize') return send(res, 200, authorizePage(user.domain));
    const sid = parseCookies(req).ej_sid;
    const s = sid ? sessions.get(sid) : undefined;
    if (!s || now() - s.lastHit > faults.eljurIdleMs) {
      if (sid) sessions.delete(sid);
      return send(res, 302, '', 'text/html; charset=utf-8', { Location: '/authorize' });
    }
    // Every page hit extends the session (what the keep-alive scripts rely on).
    s.lastHit = now();
    if (path === '/' || path === '/journal-app' || path.startsWith('/journal-app/'))
      return send(
        res,
        200,
        page(
          journalApp(
            user,
            children.map(({ uid, name }) => ({ uid, name })),
          ),
        ),
      );
    const m = /^\/journal-student-grades-action\/u\.(\d+)(?:\/sp\.(.+?))?\/?$/.exec(path);
    if (m) {
      const pupil = children.find((c) => c.uid === m[1]);
      if (!pupil) return send(res, 404, '<h1>Не найдено</h1>');
      const periods = pupil.child.periods.map((p) => ({ ...p, name: periodName(p.name) }));
      const current =
        (m[2] ? periods.find((p) => p.name === m[2]!.trim()) : undefined) ??
        periods.find((p) => world.today >= p.begin && world.today <= p.end) ??
        periods.filter((p) => p.begin <= world.today).at(-1) ??
        periods[0]!;
      if (m[2] && current.name !== m[2].trim()) return send(res, 404, '<h1>Нет такого периода</h1>');
      return send(
        res,
        200,
        page(
          gradesPage({
            user,
            pupil: { uid: pupil.uid, name: pupil.name },
            periods: periods.map((p) => p.name),
            current: current.name,
            subjects: gridOf(pupil.child, current, world.today),
            markup: faults.layout === 'table' || faults.layout === 'cards' ? faults.layout : 'grid',
          }),
        ),
      );
    }
    return send(res, 404, '<h1>Не найдено</h1>');
  }

  return { handle, apiCalls, user };
}
