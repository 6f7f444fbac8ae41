import { computed, signal } from '@preact/signals';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { currentPeriod, overallAverage, subjectSummaries } from '../../lib/grades';
import { todayOf } from '../../lib/dates';
import { certificateApplies, certificateOf } from '../../lib/grades/certificate';
import type { Diary } from '../../lib/model/types';
import { policyOf, targetFor, type Settings } from '../../lib/settings';
import { formatAverage } from '../../lib/grades/format';
import {
  ask,
  isFailure,
  type AccountView,
  type ChildOf,
  type Failure,
  type SessionAnswer,
  type SessionInfo,
  type SiteAnswer,
} from '../../extension/messages';
import { loadSettings, seenItem, type Seen } from '../../extension/storage';
import { popupStrings } from './strings';

type Load<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: Failure };

const settings = signal<Settings | null>(null);
const session = signal<SessionAnswer | Failure | null>(null);
/** The accounts that answered, their children, and the enabled hosts that could not tell theirs. */
const students = signal<Load<{ accounts: AccountView[]; students: ChildOf[]; failed: Array<{ account: AccountView; failure: Failure }> }>>({
  state: 'loading',
});
/** Per account and child (`account/studentId`). */
const diaries = signal<Record<string, Load<{ diary: Diary; asOf?: string; archive?: 'quota' | 'failed' }>>>({});
const childKey = (st: ChildOf) => `${st.account}/${st.id}`;
const seen = signal<Seen>({});
const t = computed(() => popupStrings(settings.value?.language ?? 'ru'));

function explain(f: Failure): string {
  const s = t.value;
  // «Сетевой город»'s interstitial: only the user can pass it, on the site (lib/sources/netschool/client.ts says so in the message).
  if (f.why === 'security-warning') return s.securityWarning;
  if (f.kind === 'session-expired') return s.loggedOutHelp;
  if (f.kind === 'site-down') return s.siteDown;
  if (f.kind === 'network' || f.kind === 'timeout') return s.offline;
  return `${s.failed} (${f.message})`;
}

/** The session of an account's host, when its system keeps one. */
type HostSession = SessionInfo & { host: string };
function sessionOf(account: AccountView): HostSession | null {
  const info = session.value;
  return info && !isFailure(info) ? (info.sessions.find((x) => x.host === account.host) ?? null) : null;
}

async function openDiary(account: AccountView) {
  // Without a live session, go through the login chain: with the SSO alive it lands on the marks page in one click.
  const info = sessionOf(account);
  const alive = !!info && (info.state === 'alive' || info.state === 'expiring' || info.state === 'renewing');
  const url = alive ? account.links.marks : account.links.login;
  const [tab] = await browser.tabs.query({ url: `https://${account.host}/*` });
  if (tab?.id !== undefined) await browser.tabs.update(tab.id, { url, active: true });
  else await browser.tabs.create({ url });
  window.close();
}

function StudentCard({ student, account }: { student: ChildOf; account: AccountView }) {
  const s = t.value;
  const load = diaries.value[childKey(student)] ?? { state: 'loading' };
  const cfg = settings.value!;
  if (load.state === 'loading')
    return (
      <li class="card" aria-busy="true" data-student={student.id}>
        <h2>{student.name}</h2>
        <p class="muted">{s.loading}</p>
      </li>
    );
  if (load.state === 'failed')
    return (
      <li class="card" data-student={student.id} data-failed={load.error.kind}>
        <h2>{student.name}</h2>
        {/* The account's session line already says what to do about the site's warning: the card says what it means for the child. */}
        <p class="error">
          {load.error.why === 'security-warning' && sessionOf(account)?.why === 'security-warning' ? s.afterWarning : explain(load.error)}
        </p>
      </li>
    );
  const { diary, asOf, archive } = load.value;
  const period = currentPeriod(diary.periods, todayOf(diary));
  const policy = policyOf(cfg);
  const summaries = subjectSummaries(diary, { period: period?.id, policy, countPoints: cfg.countPoints });
  const overall = overallAverage(summaries);
  const below = summaries.filter((x) => {
    const goal = targetFor(cfg, student.id, x.subject.id);
    return x.average !== null && (goal !== null ? x.average < goal : (x.periodMark ?? 5) <= 3);
  });
  const hasTargets = Object.keys(cfg.targets[student.id] ?? {}).length > 0;
  const known = seen.value[student.id];
  const fresh = known ? diary.marks.filter((m) => m.id && !known.ids.includes(m.id)) : [];
  const cert = certificateApplies(student.grade ?? diary.student.grade)
    ? certificateOf(diary, { policy, countPoints: cfg.countPoints })
    : null;
  return (
    <li class="card" data-student={student.id}>
      <h2>
        {student.name} <span class="muted">{student.className}</span>
      </h2>
      {asOf && (
        <p class="offline" data-as-of={asOf}>
          {s.asOf(
            new Date(asOf).toLocaleString(cfg.language === 'en' ? 'en-GB' : 'ru-RU', {
              day: 'numeric',
              month: 'long',
              hour: '2-digit',
              minute: '2-digit',
            }),
          )}
        </p>
      )}
      {archive && (
        <p class="error" data-archive-problem={archive}>
          {archive === 'quota' ? s.archiveFull : s.archiveFailed}
        </p>
      )}
      <p class="figure">
        <span class="label">
          {s.overall}
          {period ? ` · ${period.name}` : ''}
        </span>
        <strong data-overall title={overall.approximate ? s.approximate : undefined}>
          {overall.meanOfAverages === null
            ? '—'
            : `${overall.approximate ? '≈ ' : ''}${formatAverage(overall.meanOfAverages, cfg.language)}`}
        </strong>
        <span class="muted">
          {s.meanOfMarks}: {overall.meanOfPeriodMarks === null ? '—' : formatAverage(overall.meanOfPeriodMarks, cfg.language)}
        </span>
      </p>
      <p>
        <span class="label">{hasTargets ? s.belowTarget : s.atRisk}:</span>{' '}
        {below.length ? below.map((x) => `${x.subject.name} (${formatAverage(x.average!, cfg.language)})`).join(', ') : s.none}
      </p>
      <p>
        <span class="label">{s.newMarks}:</span> {known ? fresh.length : s.firstVisit}
      </p>
      {fresh.length > 0 && (
        <ul class="fresh" data-new-marks aria-label={s.newMarks}>
          {fresh
            .slice()
            .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
            .slice(0, 8)
            .map((m) => (
              <li key={m.id}>
                <b>{String(m.value)}</b>
                {m.weight !== 1 && <sub>{m.weight}</sub>} {diary.subjects.find((x) => x.id === m.subject)?.name ?? ''}
              </li>
            ))}
          {fresh.length > 8 && <li class="muted">+{fresh.length - 8}</li>}
        </ul>
      )}
      {cert?.likely && (
        <p data-certificate>
          <span class="label">{s.certificate}:</span> <strong>{formatAverage(cert.likely.value, cfg.language)}</strong>{' '}
          <span class="muted">
            {s.certificateNote}
            {cert.now ? ` · ${s.certificateNow} ${formatAverage(cert.now.value, cfg.language)}` : ''}
          </span>
        </p>
      )}
      <p class="actions">
        <button type="button" onClick={() => void openDiary(account)}>
          {s.open}
        </button>
        <a
          href={browser.runtime.getURL(`/report.html?student=${encodeURIComponent(student.id)}`)}
          target="_blank"
          rel="noreferrer"
          data-report-link
        >
          {s.report}
        </a>
      </p>
    </li>
  );
}

function SessionLine({ account }: { account: AccountView | null }) {
  const s = t.value;
  const all = session.value;
  if (!all) return null;
  // Without the background there is no session to tell of: say why, and the rest of the popup says the same for the diary.
  if (isFailure(all))
    return (
      <p class="session error" data-session="unavailable">
        {explain(all)}
      </p>
    );
  const info: HostSession | null = account ? sessionOf(account) : (all.sessions[0] ?? null);
  if (!info) return null;
  const exp = info.expiresAt ? new Date(info.expiresAt) : null;
  const sameDay = exp !== null && exp.toDateString() === new Date().toDateString();
  const time = exp
    ? exp.toLocaleString(
        settings.value?.language === 'en' ? 'en-GB' : 'ru-RU',
        sameDay ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' },
      )
    : '';
  // A session the site's page holds ends after its idle timeout: minutes left say more than a clock time.
  const text =
    info.page && info.state === 'logged-out' && info.why === 'security-warning'
      ? s.securityWarning
      : info.page && info.state === 'alive' && exp
        ? s.pageSession(Math.max(1, Math.ceil((exp.getTime() - Date.now()) / 60_000)), info.enabled)
        : s.session[info.state](time);
  return (
    <p class={`session ${info.state}`} data-session={info.state} data-session-host={info.host}>
      {text}
      {!info.enabled && <span class="muted"> · {s.keeperOff}</span>}
    </p>
  );
}

/** One login: its system and region (when there is more than one), its session, its children or why they are missing. */
function AccountBlock({
  account,
  children,
  failure,
  many,
}: {
  account: AccountView;
  children: ChildOf[];
  failure: Failure | null;
  many: boolean;
}) {
  const s = t.value;
  const lang = settings.value?.language ?? 'ru';
  return (
    <section class="account" data-account={account.key} data-system={account.system}>
      {many && <h2 class="account-name">{s.account(account.systemName[lang], account.region[lang])}</h2>}
      <SessionLine account={account} />
      {failure ? (
        <div class="error">
          <p>{explain(failure)}</p>
          <button type="button" onClick={() => void openDiary(account)}>
            {s.open}
          </button>
        </div>
      ) : children.length ? (
        <ul class="cards">
          {children.map((st) => (
            <StudentCard key={childKey(st)} student={st} account={account} />
          ))}
        </ul>
      ) : (
        <p>{s.noStudents}</p>
      )}
    </section>
  );
}

type Site = NonNullable<Extract<SiteAnswer, { ok: true }>['site']>;
/** The tab the popup was opened on, when it is a diary Tabel is not on yet. */
const site = signal<{ tabId: number; site: Site; state: 'offer' | 'on' | 'refused' } | null>(null);

async function enableSite() {
  const x = site.value;
  if (!x) return;
  // Asked in the user's click, for this one site only.
  const yes = await browser.permissions.request({ origins: x.site.origins }).catch(() => false);
  if (!yes) {
    site.value = { ...x, state: 'refused' };
    return;
  }
  const done = await ask({ type: 'tabel:enable-site', tabId: x.tabId, system: x.site.system, host: x.site.host });
  site.value = { ...x, state: done.ok ? 'on' : 'refused' };
}

function SiteOffer() {
  const x = site.value;
  if (!x) return null;
  const s = t.value;
  const lang = settings.value?.language ?? 'ru';
  return (
    <section class="site" data-site={x.site.host} data-state={x.state}>
      <h2>{s.siteFound(x.site.name[lang])}</h2>
      <p class="muted">
        {x.site.host}
        {!x.site.listed && <> · {s.siteUnlisted}</>}
      </p>
      {x.state === 'offer' && (
        <button type="button" data-enable-site onClick={() => void enableSite()}>
          {s.enableHere}
        </button>
      )}
      {x.state === 'on' && <p role="status">{s.enabledHere}</p>}
      {x.state === 'refused' && <p class="error">{s.enableRefused}</p>}
    </section>
  );
}

/** Whether the tab the popup opened on is a diary to offer (a test build may name the tab: its popup is a tab of its own). */
async function lookAtSite() {
  const named = import.meta.env.TABEL_TEST_HOOKS ? Number(new URLSearchParams(location.search).get('tab')) : NaN;
  const tabId = Number.isInteger(named) && named > 0 ? named : (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  if (tabId === undefined) return;
  const answer = await ask({ type: 'tabel:site', tabId });
  if (answer.ok && answer.site) site.value = { tabId, site: answer.site, state: 'offer' };
}

function Popup() {
  const s = t.value;
  const list = students.value;
  return (
    <main>
      <header>
        <h1>{s.title}</h1>
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
          {s.settings}
        </a>
      </header>
      <SiteOffer />
      {list.state === 'loading' && (
        <p class="muted" aria-busy="true">
          {s.loading}
        </p>
      )}
      {list.state === 'failed' && (
        <div class="error">
          <SessionLine account={null} />
          <p>{explain(list.error)}</p>
        </div>
      )}
      {list.state === 'ready' && <Accounts />}
    </main>
  );
}

function Accounts() {
  const list = students.value;
  if (list.state !== 'ready') return null;
  const { accounts, failed } = list.value;
  // A login that answered comes first; an enabled host without one is shown only when nothing answered (a Moscow family is not told about the regions).
  const shown = [...accounts.map((a) => ({ account: a, failure: null })), ...(accounts.length ? [] : failed)];
  const many = accounts.length + failed.length > 1;
  return (
    <>
      {shown.map(({ account, failure }) => (
        <AccountBlock
          key={account.key}
          account={account}
          failure={failure}
          many={many}
          children={list.value.students.filter((st) => st.account === account.key)}
        />
      ))}
    </>
  );
}

async function start() {
  settings.value = await loadSettings();
  document.documentElement.lang = settings.value.language;
  render(<Popup />, document.getElementById('app')!);
  seen.value = await seenItem.getValue();
  void lookAtSite();
  void ask({ type: 'tabel:session' }).then((x) => (session.value = x));
  const answer = await ask({ type: 'tabel:students' });
  if (!answer.ok) {
    students.value = { state: 'failed', error: answer };
    return;
  }
  students.value = { state: 'ready', value: { accounts: answer.accounts, students: answer.students, failed: answer.failed } };
  await Promise.all(answer.students.map((st) => loadDiary(st)));
}

/**
 * While the popup is open, a child shown from the archive because the site was down is asked for
 * again, less and less often, until the site answers: Chromium itself refuses an extension's
 * requests for a while after a host's 503s, so the first ask after an outage may fail on a site
 * that is back.
 */
const RETRY_MS = [2_000, 4_000, 8_000, 16_000, 30_000, 60_000];

async function loadDiary(st: ChildOf, attempt = 0): Promise<void> {
  const d = await ask({ type: 'tabel:diary', studentId: st.id, account: st.account });
  const key = childKey(st);
  const had = diaries.value[key];
  // A later failure does not replace the last known diary already shown.
  if (d.ok || had?.state !== 'ready') {
    diaries.value = {
      ...diaries.value,
      [key]: d.ok ? { state: 'ready', value: { diary: d.diary, asOf: d.asOf, archive: d.archive } } : { state: 'failed', error: d },
    };
  }
  const down = d.ok ? !!d.asOf : d.kind === 'site-down' || d.kind === 'network' || d.kind === 'timeout';
  const wait = RETRY_MS[attempt];
  if (down && wait !== undefined) setTimeout(() => void loadDiary(st, attempt + 1), wait);
}

void start();
