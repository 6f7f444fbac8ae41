import { signal } from '@preact/signals';
import { render, type HTMLAttributes } from 'preact';
import '../../components/grade-table/tabel-grade-table';
import '../../components/progress-chart/tabel-progress-chart';
import { certificateApplies, certificateOf, certificatePlan } from '../../lib/grades/certificate';
import { averageOf, currentPeriod, marksInPeriod, reportedPeriodMark, subjectSummaries } from '../../lib/grades';
import { todayOf } from '../../lib/dates';
import type { Diary, Period } from '../../lib/model/types';
import { policyNamed } from '../../lib/grades';
import { policyOf, targetFor, type Settings } from '../../lib/settings';
import { averageDigits, formatAverage } from '../../lib/grades/format';
import { ask } from '../../extension/messages';
import { loadSettings } from '../../extension/storage';
import { reportStrings } from './strings';
import { systemNamed } from '../../lib/sources/registry';

/**
 * The print-ready report (per child: period averages and marks against targets, year marks across
 * years, the certificate average, a chart over the whole archive, the current period's marks),
 * built from Tabel's archive so it works with the diary down. The browser's print dialog saves it
 * as PDF.
 */

/** The two widgets the report uses, as Preact sees them (properties, set on the element). */
type WidgetProps = HTMLAttributes<HTMLElement> & {
  data?: Diary;
  subject?: string;
  period?: string;
  lang?: string;
  policy?: string;
  rules?: unknown;
  target?: number;
};
declare module 'preact' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'tabel-progress-chart': WidgetProps;
      'tabel-grade-table': WidgetProps;
    }
  }
}

type State = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; diaries: Diary[] };
const report = signal<State>({ state: 'loading' });
const settings = signal<Settings | null>(null);

const byStart = (a: Period, b: Period) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0);
/** How the child's diary system names a school year in its year marks ("2025-2026" on MESH); the years' own span where the system is not known. */
const yearLabelOf = (diary: Diary) => {
  const rules = systemNamed(diary.source?.system ?? '')?.rules;
  return (p: Period) => (rules ? rules.schoolYearLabel(p.start, p.end) : `${p.start.slice(0, 4)}-${p.end.slice(0, 4)}`);
};

function dateTime(iso: string | undefined, lang: 'ru' | 'en'): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'long', timeStyle: 'short' });
}

/** The school year the report is about: the current one by the one rule (`currentPeriod`) over the years. */
function currentYearOf(diary: Diary): Period | null {
  return currentPeriod(
    diary.periods.filter((p) => p.kind === 'year'),
    todayOf(diary),
  );
}

function Child({ diary, s }: { diary: Diary; s: Settings }) {
  const t = reportStrings(s.language);
  const lang = s.language;
  const policy = policyOf(s);
  const opts = { policy, countPoints: s.countPoints };
  const year = currentYearOf(diary);
  const terms = year ? diary.periods.filter((p) => p.parent === year.id).sort(byStart) : [];
  const columns = [...terms, ...(year ? [year] : [])];
  const inYear = year ? marksInPeriod(diary, year.id) : diary.marks;
  const taught = diary.subjects.filter((x) => inYear.some((m) => m.subject === x.id));
  const perPeriod = new Map(
    columns.map((p) => [p.id, new Map(subjectSummaries(diary, { ...opts, period: p.id }).map((x) => [x.subject.id, x]))]),
  );
  const current = currentPeriod(terms, todayOf(diary));
  // A site that does not show its marks' weights (ЭлЖур, Дневник.ру): Tabel's figures are plain means, said once under the table.
  const approximate = [...perPeriod.values()].some((m) => [...m.values()].some((x) => x.exact && x.approximate));
  const sites = [...perPeriod.values()].some((m) => [...m.values()].some((x) => x.approximate && x.reported?.average !== undefined));
  const systemName = systemNamed(diary.source?.system ?? '')?.name[lang] ?? '';

  // Year marks by year: the finals on record, past years computed from archived marks, this year likely.
  const years = diary.periods.filter((p) => p.kind === 'year').sort(byStart);
  const yearLabel = yearLabelOf(diary);
  const labels = [...new Set([...(diary.finals ?? []).map((f) => f.year), ...years.map(yearLabel)])].sort();
  const names = [...new Set([...(diary.finals ?? []).map((f) => f.subject), ...taught.map((x) => x.name)])].sort((a, b) =>
    a.localeCompare(b, 'ru'),
  );
  const yearMark = (label: string, name: string): { text: string; likely: boolean } => {
    const final = diary.finals?.find((f) => f.year === label && f.subject === name);
    if (final) return { text: String(final.value), likely: false };
    const p = years.find((y) => yearLabel(y) === label);
    const subj = diary.subjects.find((x) => x.name === name);
    if (!p || !subj) return { text: '', likely: false };
    const r = averageOf(
      marksInPeriod(diary, p.id).filter((m) => m.subject === subj.id),
      policy,
      opts,
    );
    return r.periodMark === null ? { text: '', likely: false } : { text: String(r.periodMark), likely: true };
  };

  const cert = certificateApplies(diary.student.grade)
    ? certificateOf(diary, { ...opts, currentYear: year ? yearLabel(year) : undefined })
    : null;
  const goal = targetFor(s, diary.student.id, '*');
  const plan = cert && goal !== null ? certificatePlan(cert, goal, opts) : null;
  const goalText = goal !== null ? formatAverage(goal, lang) : '';
  // The chart compares the subjects that need attention most: the lowest averages this year.
  const lowest = [...taught]
    .map((x) => ({ id: x.id, avg: perPeriod.get(year?.id ?? '')?.get(x.id)?.average ?? null }))
    .filter((x) => x.avg !== null)
    .sort((a, b) => a.avg! - b.avg!)
    .slice(0, 4)
    .map((x) => x.id);
  const rules = policyNamed(policy.id) ? undefined : policy;

  return (
    <section class="child" data-report-student={diary.student.id}>
      <h2>
        {diary.student.name}
        {diary.student.className ? `, ${diary.student.className}` : ''}
      </h2>
      <p class="muted">{[diary.student.school, t.asOf(dateTime(diary.source?.fetchedAt, lang))].filter(Boolean).join(' · ')}</p>

      {cert?.likely && (
        <>
          <h3>{t.certificate}</h3>
          <div class="cert" data-certificate>
            {cert.now && (
              <span>
                <strong>{formatAverage(cert.now.value, lang)}</strong> {t.certNow} ({cert.now.count})
              </span>
            )}
            <span>
              <strong data-certificate-likely>{formatAverage(cert.likely.value, lang)}</strong> {t.certLikely} ({cert.likely.count})
            </span>
          </div>
          {plan && (
            <p>
              {plan.reached ? (
                t.certReached(goalText)
              ) : plan.unreachable ? (
                t.certUnreachable(goalText)
              ) : (
                <>
                  {t.certPlan(goalText)} {plan.raises.map((r) => t.raise(r.subject, r.from, r.to, r.fives)).join('; ')}
                </>
              )}
            </p>
          )}
        </>
      )}

      <table data-by-period>
        <caption>
          {t.byPeriod}
          {year ? ` · ${year.name}` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t.subject}</th>
            {columns.map((p) => (
              <th scope="col" key={p.id}>
                {p.kind === 'year' ? t.year : p.name}
              </th>
            ))}
            <th scope="col">{t.target}</th>
          </tr>
        </thead>
        <tbody>
          {taught.map((x) => {
            const target = targetFor(s, diary.student.id, x.id);
            return (
              <tr key={x.id}>
                <th scope="row">{x.name}</th>
                {columns.map((p) => {
                  const r = perPeriod.get(p.id)?.get(x.id);
                  const below = target !== null && r?.average != null && r.average < target;
                  return (
                    <td
                      key={p.id}
                      class={below ? 'below' : undefined}
                      data-subject={x.id}
                      data-period={p.id}
                      data-average={r?.exact ? averageDigits(r.exact, policy) : undefined}
                    >
                      {r?.exact && r.approximate && r.reported?.average !== undefined ? (
                        // The site weighs by what it does not show: its figure first, Tabel's plain mean under it.
                        <>
                          <span data-site-average={r.reported.average.toFixed(2)}>
                            {systemName}: {formatAverage(r.reported.average, lang)}{' '}
                            <span class="pm">{reportedPeriodMark(r.reported, policy) ?? ''}</span>
                          </span>
                          {below && <span class="visually-hidden"> {t.below}</span>}
                          <small class="site">
                            Tabel ≈ {formatAverage(r.exact, lang, policy)} {r.periodMark ?? ''}
                          </small>
                        </>
                      ) : r?.exact ? (
                        <>
                          {r.approximate ? '≈ ' : ''}
                          {formatAverage(r.exact, lang, policy)} <span class="pm">{r.periodMark ?? ''}</span>
                          {below && <span class="visually-hidden"> {t.below}</span>}
                        </>
                      ) : (
                        t.noMarks
                      )}
                    </td>
                  );
                })}
                <td>{target !== null ? formatAverage(target, lang) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {approximate && (
        <p class="muted" data-approximate>
          {t.approximate(systemName, sites)}
        </p>
      )}

      {labels.length > 1 && (
        <table data-by-year>
          <caption>{t.byYear}</caption>
          <thead>
            <tr>
              <th scope="col">{t.subject}</th>
              {labels.map((l) => (
                <th scope="col" key={l}>
                  {l}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {names.map((name) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                {labels.map((l) => {
                  const m = yearMark(l, name);
                  return (
                    <td key={l} title={m.likely ? t.likely : undefined}>
                      {m.text}
                      {m.likely && m.text ? '*' : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {labels.length > 1 && <p class="muted">* {t.likely}</p>}

      <h3>{t.chart}</h3>
      <tabel-progress-chart
        data={diary}
        subject={lowest.join(',') || undefined}
        lang={lang}
        policy={rules ? undefined : policy.id}
        rules={rules}
        target={goal ?? undefined}
      ></tabel-progress-chart>

      {current && (
        <>
          <h3>
            {t.marks} · {current.name}
          </h3>
          <tabel-grade-table
            data={diary}
            period={current.id}
            lang={lang}
            policy={rules ? undefined : policy.id}
            rules={rules}
          ></tabel-grade-table>
        </>
      )}
    </section>
  );
}

function Report() {
  const s = settings.value;
  if (!s) return null;
  const t = reportStrings(s.language);
  const r = report.value;
  return (
    <main>
      <header class="top">
        <h1>{t.title}</h1>
        <button type="button" class="no-print" onClick={() => window.print()}>
          {t.print}
        </button>
      </header>
      <p class="muted">{t.made(dateTime(new Date().toISOString(), s.language))}</p>
      {r.state === 'loading' && <p aria-busy="true">{t.loading}</p>}
      {r.state === 'failed' && (
        <p class="error">
          {t.failed}: {r.message}
        </p>
      )}
      {r.state === 'ready' && !r.diaries.length && <p>{t.empty}</p>}
      {r.state === 'ready' && r.diaries.map((d) => <Child key={d.student.id} diary={d} s={s} />)}
    </main>
  );
}

async function start() {
  settings.value = await loadSettings();
  const lang = settings.value.language;
  document.documentElement.lang = lang;
  document.title = reportStrings(lang).title;
  render(<Report />, document.getElementById('app')!);
  const only = new URLSearchParams(location.search).get('student') ?? undefined;
  const h = await ask({ type: 'tabel:history', studentId: only });
  report.value = h.ok ? { state: 'ready', diaries: h.diaries } : { state: 'failed', message: h.message };
}

void start();
