import { todayIn } from '../../../lib/dates';
import { csvOfDiaries, importFileOf, importSizeProblem, jsonOfDiaries } from '../../../lib/export/files';
import type { Diary } from '../../../lib/model/types';
import type { Settings } from '../../../lib/settings';
import { ask } from '../../../extension/messages';
import { deleteAllData, loadSettings } from '../../../extension/storage';
import { archived, archiveProtected, quarantined, refreshArchive, settings, status, type Strings } from '../state';
import { optionStrings } from '../strings';

const stamp = () => todayIn();

function download(name: string, type: string, body: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([body], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** The JSON export: the diaries to read, and the archive's backup that an import restores exactly. */
async function exportJson(list: Diary[], t: Strings) {
  const backup = await ask({ type: 'tabel:backup' });
  if (!backup.ok) {
    status.value = t.exportFailed(backup.message);
    return;
  }
  download(`tabel-${stamp()}.json`, 'application/json', jsonOfDiaries(list, new Date(), quarantined.value, backup.archive));
}

/** Reads the chosen file, validates it, and hands the diaries to the archive; nothing changes on any error. */
async function importFile(file: File, t: Strings) {
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
  const r = await ask({ type: 'tabel:import', diaries: parsed.diaries, ...(parsed.archive ? { archive: parsed.archive } : {}) });
  status.value = r.ok
    ? t.imported(r.added, r.diaries) + (r.conflicts ? ` ${t.importConflicts(r.conflicts)}` : '')
    : t.importFailed(r.message);
  await refreshArchive();
}

/** «Данные»: what the archive holds per child, export and import, the report, and deleting it all. */
export function Data({ s }: { s: Settings }) {
  const t = optionStrings(s.language);
  const list = archived.value;
  return (
    <section>
      <h2>{t.data}</h2>
      <p class="muted">
        {t.privacy}{' '}
        <a href="/privacy.html" target="_blank" rel="noreferrer" data-privacy-policy>
          {t.privacyPolicy}
        </a>
      </p>
      {list && (
        <p data-archive-summary>
          {list.length
            ? t.archive(
                list.length,
                list.reduce((n, d) => n + d.marks.length, 0),
              )
            : t.archiveEmpty}
        </p>
      )}
      {archiveProtected.value !== null && (
        <p class={archiveProtected.value ? 'muted' : 'error'} data-archive-protected={String(archiveProtected.value)}>
          {archiveProtected.value ? t.archiveProtected : t.archiveUnprotected}
        </p>
      )}
      {quarantined.value.length > 0 && (
        <p class="error" data-quarantined={quarantined.value.length}>
          {t.quarantined(quarantined.value.length)}
        </p>
      )}
      {list && list.length > 0 && (
        <ul class="children">
          {list.map((d) => (
            <li key={d.student.id} data-archived-student={d.student.id}>
              {d.student.name} <span class="muted">{t.archivedMarks(d.marks.length)}</span>{' '}
              <button
                type="button"
                class="link danger"
                data-forget-student={d.student.id}
                onClick={async () => {
                  if (!confirm(t.confirmForget(d.student.name))) return;
                  const r = await ask({ type: 'tabel:forget-student', studentId: d.student.id });
                  status.value = r.ok ? t.forgotten(d.student.name) : t.deleteFailed(r.message);
                  await refreshArchive();
                }}
              >
                {t.forget}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p class="buttons">
        <button
          type="button"
          data-export="csv"
          disabled={!list?.length}
          onClick={() => download(`tabel-${stamp()}.csv`, 'text/csv;charset=utf-8', csvOfDiaries(list ?? [], s.language))}
        >
          {t.exportCsv}
        </button>
        <button type="button" data-export="json" disabled={!list?.length} onClick={() => void exportJson(list ?? [], t)}>
          {t.exportJson}
        </button>
        <a class="button" href="report.html" target="_blank" data-report>
          {t.report}
        </a>
        <label class="button">
          {t.importJson}
          <input
            type="file"
            accept="application/json,.json"
            data-import
            class="visually-hidden"
            onChange={(e) => {
              const input = e.target as HTMLInputElement;
              const file = input.files?.[0];
              input.value = '';
              if (file) void importFile(file, t);
            }}
          />
        </label>
      </p>
      <button
        type="button"
        class="danger"
        onClick={async () => {
          if (!confirm(t.confirmDelete)) return;
          await deleteAllData();
          const r = await ask({ type: 'tabel:delete-all' });
          await refreshArchive();
          settings.value = await loadSettings();
          status.value = r.ok ? t.deleted : t.deleteFailed(r.message);
        }}
      >
        {t.deleteAll}
      </button>
    </section>
  );
}
