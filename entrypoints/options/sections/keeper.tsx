import type { Settings } from '../../../lib/settings';
import { checked, text, update } from '../state';
import { optionStrings } from '../strings';

/** «Не выходить из дневника»: the session keeper's switch and how long it may keep a session. */
export function Keeper({ s }: { s: Settings }) {
  const t = optionStrings(s.language);
  const { limit } = s.keeper;
  const hours = limit.kind === 'hours-after-visit' ? limit.hours : 8;
  return (
    <section>
      <h2>{t.keeper}</h2>
      <p class="muted">{t.keeperHelp}</p>
      <label>
        <input
          type="checkbox"
          data-keeper-enabled
          checked={s.keeper.enabled}
          onChange={(e) => update(s, (n) => (n.keeper.enabled = checked(e)))}
        />
        {t.keeperOn}
      </label>
      <fieldset disabled={!s.keeper.enabled}>
        <legend>{t.keeperLimit}</legend>
        <label>
          <input
            type="radio"
            name="limit"
            checked={limit.kind === 'always'}
            onChange={() => update(s, (n) => (n.keeper.limit = { kind: 'always' }))}
          />
          {t.limitAlways}
        </label>
        <label>
          <input
            type="radio"
            name="limit"
            checked={limit.kind === 'while-tab-open'}
            onChange={() => update(s, (n) => (n.keeper.limit = { kind: 'while-tab-open' }))}
          />
          {t.limitTab}
        </label>
        <label>
          <input
            type="radio"
            name="limit"
            checked={limit.kind === 'hours-after-visit'}
            onChange={() => update(s, (n) => (n.keeper.limit = { kind: 'hours-after-visit', hours: 8 }))}
          />
          {t.limitHours}
          <input
            type="number"
            min="1"
            max="168"
            aria-label={t.limitHours}
            value={hours}
            disabled={limit.kind !== 'hours-after-visit'}
            onChange={(e) => update(s, (n) => (n.keeper.limit = { kind: 'hours-after-visit', hours: Number(text(e)) || 8 }))}
          />
        </label>
      </fieldset>
    </section>
  );
}
