import { POLICIES, policyProblems, type PolicyName, type RoundingPolicy } from '../../../lib/grades';
import type { Settings } from '../../../lib/settings';
import { checked, text, update } from '../state';
import { optionStrings } from '../strings';

/** How an average rounds to the period mark: a preset, or the school's own thresholds. */
function PolicyEditor({ s }: { s: Settings }) {
  const t = optionStrings(s.language);
  const custom = 'custom' in s.policy ? s.policy.custom : null;
  const preset = 'preset' in s.policy ? s.policy.preset : 'custom';
  const base: RoundingPolicy = custom ?? POLICIES[preset as PolicyName];
  const problems = custom ? policyProblems(custom) : [];
  const setThreshold = (mark: number, from: string) =>
    update(
      s,
      (n) =>
        (n.policy = {
          custom: {
            ...base,
            id: 'custom',
            thresholds: base.thresholds.map((x) => (x.mark === mark ? { mark, from: from.replace(',', '.') } : x)),
          },
        }),
    );
  return (
    <fieldset>
      <legend>{t.policy}</legend>
      {(Object.keys(POLICIES) as PolicyName[]).map((name) => (
        <label key={name}>
          <input type="radio" name="policy" checked={preset === name} onChange={() => update(s, (n) => (n.policy = { preset: name }))} />
          {t.presets[name]}
        </label>
      ))}
      <label>
        <input
          type="radio"
          name="policy"
          checked={!!custom}
          onChange={() => update(s, (n) => (n.policy = { custom: { ...base, id: 'custom' } }))}
        />
        {t.custom}
      </label>
      {custom && (
        <p>
          {custom.thresholds.map((x) => (
            <label key={x.mark}>
              {t.markFrom(x.mark)}
              <input
                type="number"
                step="0.01"
                min="1"
                max="5"
                value={String(x.from)}
                aria-label={t.markFrom(x.mark)}
                onChange={(e) => setThreshold(x.mark, text(e))}
              />
            </label>
          ))}
          <label>
            {t.minMarks}
            <input
              type="number"
              min="0"
              max="20"
              value={custom.minMarks ?? 0}
              onChange={(e) => update(s, (n) => (n.policy = { custom: { ...custom, minMarks: Number(text(e)) || undefined } }))}
            />
          </label>
        </p>
      )}
      {problems.length > 0 && (
        <p class="error" role="alert">
          {problems.join('; ')}
        </p>
      )}
    </fieldset>
  );
}

/** Language, rounding, «точки», notifications and their quiet hours. */
export function General({ s }: { s: Settings }) {
  const t = optionStrings(s.language);
  const quiet = !s.notifications || !s.quietHours.enabled;
  return (
    <section>
      <h2>{t.general}</h2>
      <fieldset>
        <legend>{t.language}</legend>
        <label>
          <input type="radio" name="lang" checked={s.language === 'ru'} onChange={() => update(s, (n) => (n.language = 'ru'))} />
          Русский
        </label>
        <label>
          <input type="radio" name="lang" checked={s.language === 'en'} onChange={() => update(s, (n) => (n.language = 'en'))} />
          English
        </label>
      </fieldset>
      <PolicyEditor s={s} />
      <label>
        <input type="checkbox" checked={s.countPoints} onChange={(e) => update(s, (n) => (n.countPoints = checked(e)))} />
        {t.countPoints}
      </label>
      <br />
      <label>
        <input type="checkbox" checked={s.notifications} onChange={(e) => update(s, (n) => (n.notifications = checked(e)))} />
        {t.notifications}
      </label>
      <br />
      <label>
        <input
          type="checkbox"
          data-quiet-enabled
          checked={s.quietHours.enabled}
          disabled={!s.notifications}
          onChange={(e) => update(s, (n) => (n.quietHours.enabled = checked(e)))}
        />
        {t.quietHours}
      </label>{' '}
      <input
        type="time"
        aria-label={t.quietHours}
        value={s.quietHours.from}
        disabled={quiet}
        onChange={(e) => update(s, (n) => (n.quietHours.from = text(e)))}
      />{' '}
      {t.quietTo}{' '}
      <input
        type="time"
        aria-label={t.quietTo}
        value={s.quietHours.to}
        disabled={quiet}
        onChange={(e) => update(s, (n) => (n.quietHours.to = text(e)))}
      />
    </section>
  );
}
