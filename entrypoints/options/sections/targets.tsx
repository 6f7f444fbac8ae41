import type { Settings } from '../../../lib/settings';
import { number, students, studentsError, update } from '../state';
import { optionStrings } from '../strings';

/** Targets per child and subject («Все предметы» is the child's default). */
export function Targets({ s }: { s: Settings }) {
  const t = optionStrings(s.language);
  const setTarget = (studentId: string, subjectId: string, value: number, raw: string) =>
    update(s, (n) => {
      const forStudent = (n.targets[studentId] ??= {});
      if (raw.trim() === '' || !(value > 0)) delete forStudent[subjectId];
      else forStudent[subjectId] = value;
    });
  let body;
  if (studentsError.value) body = <p class="error">{studentsError.value}</p>;
  else if (!students.value.length) body = <p class="muted">{t.targetsNeedDiary}</p>;
  else
    body = students.value.map(({ student, diary }) => (
      <div key={`${student.account}/${student.id}`}>
        <h3>
          {student.name} <span class="muted">{student.className}</span>
        </h3>
        <table>
          <thead>
            <tr>
              <th scope="col">{t.subject}</th>
              <th scope="col">{t.target}</th>
            </tr>
          </thead>
          <tbody>
            {[{ id: '*', name: t.allSubjects }, ...(diary?.subjects ?? [])].map((subj) => (
              <tr key={subj.id}>
                <th scope="row">{subj.name}</th>
                <td>
                  <input
                    type="number"
                    step="0.1"
                    min="2"
                    max="5"
                    aria-label={`${t.target}: ${subj.name}`}
                    value={s.targets[student.id]?.[subj.id] ?? ''}
                    onChange={(e) => setTarget(student.id, subj.id, number(e), (e.target as HTMLInputElement).value)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ));
  return (
    <section>
      <h2>{t.targets}</h2>
      <p class="muted">{t.targetsHelp}</p>
      {body}
    </section>
  );
}
