import { signal } from '@preact/signals';
import { todayIn } from '../../lib/dates';
import { render } from 'preact';
import { POLICIES, policyProblems, type PolicyName, type RoundingPolicy } from '../../lib/grades';
import type { Diary } from '../../lib/model/types';
import { csvOfDiaries, importFileOf, importSizeProblem, jsonOfDiaries } from '../../lib/export/files';
import { normalizeSettings, type Settings } from '../../lib/settings';
import { browser } from 'wxt/browser';
import { ask, type ChildOf, type HostsAnswer } from '../../extension/messages';
import { deleteAllData, loadSettings, settingsItem } from '../../extension/storage';
import { optionStrings } from './strings';

const settings = signal<Settings | null>(null);
const students = signal<Array<{ student: ChildOf; diary: Diary | null }>>([]);
const hosts = signal<Extract<HostsAnswer, { ok: true }>['systems']>([]);

async function refreshHosts() {
  const h = await ask({ type: 'tabel:hosts' });
  if (h.ok) hosts.value = h.systems;
}

/**
 * The diary systems and their hosts: the built-in ones always on, a regional one on when the user
 * grants its permission (asked right in the click, as the browser requires); the background follows.
 */
function Diaries({ s }: { s: Settings }) {
  const t = optionStrings(s.language);
  const toggle = async (origins: string[], on: boolean) => {
    try {
      const done = on ? await browser.permissions.request({ origins }) : await browser.permissions.remove({ origins });
      if (!done && on) status.value = t.enableFailed(origins.join(', '));
    } catch (err) {
      status.value = t.enableFailed(err instanceof Error ? err.message : String(err));
    }
    // The background registers the page's script when it hears of the grant; give it that moment.
    setTimeout(() => void refreshHosts(), 300);
  };
  return (
    <>
      {hosts.value.map((sys) => (
        <fieldset key={sys.id} data-system={sys.id}>
          <legend>{sys.name[s.language]}</legend>
          {sys.hosts.map((h) => (
            <label key={h.host} data-host={h.host}>
              <input type="checkbox" checked={h.builtIn || h.enabled} disabled={h.builtIn} onChange={(e) => void toggle(h.origins, (e.target as HTMLInputElement).checked)} />
              {h.region[s.language]} <span class="muted">{h.host}{h.builtIn ? ` · ${t.builtIn}` : ''}</span>
            </label>
          ))}
        </fieldset>
      ))}
    </>
  );
}
const status = signal('');
const studentsError = signal('');
const archived = signal<Diary[] | null>(null);
const quarantined = signal<unknown[]>([]);

async function refreshArchive() {
  const h = await ask({ type: 'tabel:history' });
  archived.value = h.ok ? h.diaries : [];
  quarantined.value = h.ok ? (h.quarantined ?? []) : [];
}

const stamp = () => todayIn();

/** Reads the chosen file, validates it, and hands the diaries to the archive; nothing changes on any error. */
async function importFile(file: File, t: ReturnType<typeof optionStrings>) {
  // A 30 MB picture is refused by its size, before its bytes are read.
  const tooBig = importSizeProblem(file.size);
  if (tooBig) {
    status.value = t.importFailed(tooBig.message);
    return;
  }
  const parsed = importFileOf(await file.text());
  if (!parsed.ok) {
    status.value = t.importFailed(parsed.error.message);
    return;
  }
  const r = await ask({ type: 'tabel:import', diaries: parsed.diaries });
  status.value = r.ok ? t.imported(r.added, r.diaries) : t.importFailed(r.message);
  await refreshArchive();
}

async function save(next: Settings) {
  const clean = normalizeSettings(next);
  settings.value = clean;
  await settingsItem.setValue(clean);
  document.documentElement.lang = clean.language;
  status.value = optionStrings(clean.language).saved;
}

function download(name: string, type: string, text: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function PolicyEditor({ s }: { s: Settings }) {
  const t = optionStrings(s.language);
  const custom = 'custom' in s.policy ? s.policy.custom : null;
  const preset = 'preset' in s.policy ? s.policy.preset : 'custom';
  const base: RoundingPolicy = custom ?? POLICIES[preset as PolicyName];
  const problems = custom ? policyProblems(custom) : [];
  const setThreshold = (mark: number, from: string) => {
    const thresholds = base.thresholds.map((x) => (x.mark === mark ? { mark, from: from.replace(',', '.') } : x));
    void save({ ...s, policy: { custom: { ...base, id: 'custom', thresholds } } });
  };
  return (
    <fieldset>
      <legend>{t.policy}</legend>
      {(Object.keys(POLICIES) as PolicyName[]).map((name) => (
        <label key={name}>
          <input type="radio" name="policy" checked={preset === name} onChange={() => void save({ ...s, policy: { preset: name } })} />
          {t.presets[name]}
        </label>
      ))}
      <label>
        <input type="radio" name="policy" checked={!!custom} onChange={() => void save({ ...s, policy: { custom: { ...base, id: 'custom' } } })} />
        {t.custom}
      </label>
      {custom && (
        <p>
          {custom.thresholds.map((x) => (
            <label key={x.mark}>
              {t.markFrom(x.mark)}
              <input type="number" step="0.01" min="1" max="5" value={String(x.from)} aria-label={t.markFrom(x.mark)} onChange={(e) => setThreshold(x.mark, (e.target as HTMLInputElement).value)} />
            </label>
          ))}
          <label>
            {t.minMarks}
            <input type="number" min="0" max="20" value={custom.minMarks ?? 0} onChange={(e) => void save({ ...s, policy: { custom: { ...custom, minMarks: Number((e.target as HTMLInputElement).value) || undefined } } })} />
          </label>
        </p>
      )}
      {problems.length > 0 && <p class="error" role="alert">{problems.join('; ')}</p>}
    </fieldset>
  );
}

function Targets({ s }: { s: Settings }) {
  const t = optionStrings(s.language);
  const setTarget = (studentId: string, subjectId: string, raw: string) => {
    const value = Number(raw.replace(',', '.'));
    const forStudent = { ...(s.targets[studentId] ?? {}) };
    if (raw.trim() === '' || !(value > 0)) delete forStudent[subjectId];
    else forStudent[subjectId] = value;
    void save({ ...s, targets: { ...s.targets, [studentId]: forStudent } });
  };
  if (studentsError.value) return <p class="error">{studentsError.value}</p>;
  if (!students.value.length) return <p class="muted">{t.targetsNeedDiary}</p>;
  return (
    <>
      {students.value.map(({ student, diary }) => (
        <div key={student.id}>
          <h3>{student.name} <span class="muted">{student.className}</span></h3>
          <table>
            <thead><tr><th scope="col">{t.subject}</th><th scope="col">{t.target}</th></tr></thead>
            <tbody>
              {[{ id: '*', name: t.allSubjects }, ...(diary?.subjects ?? [])].map((subj) => (
                <tr key={subj.id}>
                  <th scope="row">{subj.name}</th>
                  <td>
                    <input type="number" step="0.1" min="2" max="5" aria-label={`${t.target}: ${subj.name}`} value={s.targets[student.id]?.[subj.id] ?? ''} onChange={(e) => setTarget(student.id, subj.id, (e.target as HTMLInputElement).value)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}

function Options() {
  const s = settings.value;
  if (!s) return <main><p>…</p></main>;
  const t = optionStrings(s.language);
  return (
    <main>
      <h1>{t.title}</h1>
      <section>
        <h2>{t.general}</h2>
        <fieldset>
          <legend>{t.language}</legend>
          <label><input type="radio" name="lang" checked={s.language === 'ru'} onChange={() => void save({ ...s, language: 'ru' })} />Русский</label>
          <label><input type="radio" name="lang" checked={s.language === 'en'} onChange={() => void save({ ...s, language: 'en' })} />English</label>
        </fieldset>
        <PolicyEditor s={s} />
        <label><input type="checkbox" checked={s.countPoints} onChange={(e) => void save({ ...s, countPoints: (e.target as HTMLInputElement).checked })} />{t.countPoints}</label>
        <br />
        <label><input type="checkbox" checked={s.notifications} onChange={(e) => void save({ ...s, notifications: (e.target as HTMLInputElement).checked })} />{t.notifications}</label>
        <br />
        <label>
          <input type="checkbox" data-quiet-enabled checked={s.quietHours.enabled} disabled={!s.notifications} onChange={(e) => void save({ ...s, quietHours: { ...s.quietHours, enabled: (e.target as HTMLInputElement).checked } })} />
          {t.quietHours}
        </label>{' '}
        <input type="time" aria-label={t.quietHours} value={s.quietHours.from} disabled={!s.notifications || !s.quietHours.enabled} onChange={(e) => void save({ ...s, quietHours: { ...s.quietHours, from: (e.target as HTMLInputElement).value } })} />{' '}
        {t.quietTo}{' '}
        <input type="time" aria-label={t.quietTo} value={s.quietHours.to} disabled={!s.notifications || !s.quietHours.enabled} onChange={(e) => void save({ ...s, quietHours: { ...s.quietHours, to: (e.target as HTMLInputElement).value } })} />
      </section>
      <section data-section="diaries">
        <h2>{t.diaries}</h2>
        <p class="muted">{t.diariesHelp}</p>
        <Diaries s={s} />
      </section>
      <section>
        <h2>{t.keeper}</h2>
        <p class="muted">{t.keeperHelp}</p>
        <label><input type="checkbox" data-keeper-enabled checked={s.keeper.enabled} onChange={(e) => void save({ ...s, keeper: { ...s.keeper, enabled: (e.target as HTMLInputElement).checked } })} />{t.keeperOn}</label>
        <fieldset disabled={!s.keeper.enabled}>
          <legend>{t.keeperLimit}</legend>
          <label><input type="radio" name="limit" checked={s.keeper.limit.kind === 'always'} onChange={() => void save({ ...s, keeper: { ...s.keeper, limit: { kind: 'always' } } })} />{t.limitAlways}</label>
          <label><input type="radio" name="limit" checked={s.keeper.limit.kind === 'while-tab-open'} onChange={() => void save({ ...s, keeper: { ...s.keeper, limit: { kind: 'while-tab-open' } } })} />{t.limitTab}</label>
          <label>
            <input type="radio" name="limit" checked={s.keeper.limit.kind === 'hours-after-visit'} onChange={() => void save({ ...s, keeper: { ...s.keeper, limit: { kind: 'hours-after-visit', hours: 8 } } })} />
            {t.limitHours}
            <input type="number" min="1" max="168" aria-label={t.limitHours} value={s.keeper.limit.kind === 'hours-after-visit' ? s.keeper.limit.hours : 8} disabled={s.keeper.limit.kind !== 'hours-after-visit'} onChange={(e) => void save({ ...s, keeper: { ...s.keeper, limit: { kind: 'hours-after-visit', hours: Number((e.target as HTMLInputElement).value) || 8 } } })} />
          </label>
        </fieldset>
      </section>
      <section>
        <h2>{t.targets}</h2>
        <p class="muted">{t.targetsHelp}</p>
        <Targets s={s} />
      </section>
      <section>
        <h2>{t.data}</h2>
        <p class="muted">{t.privacy}</p>
        {archived.value && (
          <p data-archive-summary>
            {archived.value.length ? t.archive(archived.value.length, archived.value.reduce((n, d) => n + d.marks.length, 0)) : t.archiveEmpty}
          </p>
        )}
        {quarantined.value.length > 0 && <p class="error" data-quarantined={quarantined.value.length}>{t.quarantined(quarantined.value.length)}</p>}
        {archived.value && archived.value.length > 0 && (
          <ul class="children">
            {archived.value.map((d) => (
              <li key={d.student.id} data-archived-student={d.student.id}>
                {d.student.name} <span class="muted">{t.archivedMarks(d.marks.length)}</span>{' '}
                <button type="button" class="link danger" data-forget-student={d.student.id} onClick={async () => {
                  if (!confirm(t.confirmForget(d.student.name))) return;
                  await ask({ type: 'tabel:forget-student', studentId: d.student.id });
                  status.value = t.forgotten(d.student.name);
                  await refreshArchive();
                }}>{t.forget}</button>
              </li>
            ))}
          </ul>
        )}
        <p class="buttons">
          <button type="button" data-export="csv" disabled={!archived.value?.length} onClick={() => download(`tabel-${stamp()}.csv`, 'text/csv;charset=utf-8', csvOfDiaries(archived.value ?? [], s.language))}>{t.exportCsv}</button>
          <button type="button" data-export="json" disabled={!archived.value?.length} onClick={() => download(`tabel-${stamp()}.json`, 'application/json', jsonOfDiaries(archived.value ?? [], new Date(), quarantined.value))}>{t.exportJson}</button>
          <a class="button" href="report.html" target="_blank" data-report>{t.report}</a>
          <label class="button">
            {t.importJson}
            <input type="file" accept="application/json,.json" data-import class="visually-hidden" onChange={(e) => {
              const input = e.target as HTMLInputElement;
              const file = input.files?.[0];
              input.value = '';
              if (file) void importFile(file, t);
            }} />
          </label>
        </p>
        <button type="button" class="danger" onClick={async () => {
          if (!confirm(t.confirmDelete)) return;
          await deleteAllData();
          const r = await ask({ type: 'tabel:delete-all' });
          await refreshArchive();
          settings.value = await loadSettings();
          status.value = r.ok ? t.deleted : t.deleteFailed(r.message);
        }}>{t.deleteAll}</button>
      </section>
      <p class="status" role="status" aria-live="polite">{status.value}</p>
    </main>
  );
}

async function start() {
  settings.value = await loadSettings();
  document.documentElement.lang = settings.value.language;
  render(<Options />, document.getElementById('app')!);
  void refreshArchive();
  void refreshHosts();
  const answer = await ask({ type: 'tabel:students' });
  if (!answer.ok || !answer.students.length) {
    studentsError.value = optionStrings(settings.value.language).targetsNeedDiary;
    return;
  }
  students.value = answer.students.map((student) => ({ student, diary: null }));
  for (const student of answer.students) {
    const d = await ask({ type: 'tabel:diary', studentId: student.id, account: student.account });
    students.value = students.value.map((x) => (x.student.id === student.id ? { student, diary: d.ok ? d.diary : null } : x));
  }
}

void start();
