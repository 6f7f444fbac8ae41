import { browser } from 'wxt/browser';
import type { Settings } from '../../../lib/settings';
import { hosts, refreshHosts, status } from '../state';
import { optionStrings } from '../strings';

/**
 * «Дневники»: the diary systems and their hosts, the built-in ones always on, a regional one on
 * when the user grants its permission (asked right in the click, as the browser requires); the
 * background follows.
 */
export function Diaries({ s }: { s: Settings }) {
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
    <section data-section="diaries">
      <h2>{t.diaries}</h2>
      <p class="muted">{t.diariesHelp}</p>
      {hosts.value.map((sys) => (
        <fieldset key={sys.id} data-system={sys.id}>
          <legend>{sys.name[s.language]}</legend>
          {sys.hosts.map((h) => (
            <label key={h.host} data-host={h.host}>
              <input
                type="checkbox"
                checked={h.builtIn || h.enabled}
                disabled={h.builtIn}
                onChange={(e) => void toggle(h.origins, (e.target as HTMLInputElement).checked)}
              />
              {h.region[s.language]}{' '}
              <span class="muted">
                {h.host}
                {h.builtIn ? ` · ${t.builtIn}` : ''}
              </span>
            </label>
          ))}
        </fieldset>
      ))}
    </section>
  );
}
