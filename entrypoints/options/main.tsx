import { render } from 'preact';
import { ask } from '../../extension/messages';
import { loadSettings } from '../../extension/storage';
import { Data } from './sections/data';
import { Diaries } from './sections/diaries';
import { General } from './sections/general';
import { Keeper } from './sections/keeper';
import { Targets } from './sections/targets';
import { refreshArchive, refreshHosts, refreshProtection, settings, status, students, studentsError } from './state';
import { optionStrings } from './strings';

/** The options page: one section per file (sections/), the state and the one way to change a setting in state.ts. */
function Options() {
  const s = settings.value;
  if (!s)
    return (
      <main>
        <p>…</p>
      </main>
    );
  const t = optionStrings(s.language);
  return (
    <main>
      <h1>{t.title}</h1>
      <General s={s} />
      <Diaries s={s} />
      <Keeper s={s} />
      <Targets s={s} />
      <Data s={s} />
      <p class="status" role="status" aria-live="polite">
        {status.value}
      </p>
    </main>
  );
}

async function start() {
  settings.value = await loadSettings();
  document.documentElement.lang = settings.value.language;
  render(<Options />, document.getElementById('app')!);
  void refreshArchive();
  void refreshHosts();
  void refreshProtection();
  const answer = await ask({ type: 'tabel:students' });
  if (!answer.ok || !answer.students.length) {
    studentsError.value = optionStrings(settings.value.language).targetsNeedDiary;
    return;
  }
  students.value = answer.students.map((student) => ({ student, diary: null }));
  for (const student of answer.students) {
    const d = await ask({ type: 'tabel:diary', studentId: student.id, account: student.account });
    students.value = students.value.map((x) => (x.student === student ? { student, diary: d.ok ? d.diary : null } : x));
  }
}

void start();
