import { unsafeCSS, type CSSResult } from 'lit';

/**
 * The widgets' own `css` tag: their styles are constant text (no `${…}`), so this is all Lit's `css`
 * needs to do for them, without its checks of interpolated values.
 */
export const css = (text: TemplateStringsArray): CSSResult => unsafeCSS(text[0]);

/**
 * Design tokens and the styles every widget shares. Public tokens are `--tabel-*` custom properties
 * (set them on the element or any ancestor, `:root` included); the widgets read them through private
 * `--_*` copies whose fallbacks switch with `prefers-color-scheme`. The host's own resets keep the
 * page's inherited text styles from leaking in; nothing here reaches outside the shadow root.
 */
export const base = css`
:host {
  --_fg: var(--tabel-color-text, #1f2328);
  --_muted: var(--tabel-color-muted, #57606a);
  --_bg: var(--tabel-color-surface, #fff);
  --_soft: var(--tabel-color-surface-alt, #f4f6f8);
  --_line: var(--tabel-color-border, #d0d7de);
  --_accent: var(--tabel-color-accent, #0550ae);
  --_good: var(--tabel-color-good, #116329);
  --_warn: var(--tabel-color-warn, #7d4e00);
  --_bad: var(--tabel-color-bad, #a40e26);
  --_new: var(--tabel-color-new, #8250df);
  --_r: var(--tabel-radius, 8px);
  display: block;
  box-sizing: border-box;
  color: var(--_fg);
  background: var(--_bg);
  border: 1px solid var(--_line);
  border-radius: var(--_r);
  padding: var(--tabel-padding, 12px 16px);
  font: 400 var(--tabel-font-size, 14px)/1.45 var(--tabel-font-family, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  font-variant-numeric: tabular-nums;
  text-align: start;
  text-indent: 0;
  text-transform: none;
  letter-spacing: normal;
  word-spacing: normal;
  white-space: normal;
  font-style: normal;
}
@media (prefers-color-scheme: dark) {
  :host {
    --_fg: var(--tabel-color-text, #e6edf3);
    --_muted: var(--tabel-color-muted, #9da7b3);
    --_bg: var(--tabel-color-surface, #161b22);
    --_soft: var(--tabel-color-surface-alt, #21262d);
    --_line: var(--tabel-color-border, #3d444d);
    --_accent: var(--tabel-color-accent, #6cb6ff);
    --_good: var(--tabel-color-good, #57c26a);
    --_warn: var(--tabel-color-warn, #e3b341);
    --_bad: var(--tabel-color-bad, #ff7b72);
    --_new: var(--tabel-color-new, #c297ff);
  }
}
:host([hidden]) { display: none }
*, ::before, ::after { box-sizing: inherit }
p, ul, dl, dd, figure, fieldset { margin: 0; padding: 0 }
button, input, select { font: inherit; color: inherit; letter-spacing: inherit }
:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px }
.sr { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap }
.muted { color: var(--_muted) }
.error { color: var(--_bad) }
.pm { display: inline-block; min-width: 1.7em; padding: 0 .3em; border: 1.5px solid; border-radius: 5px; text-align: center; font-weight: 700 }
.m5 { color: var(--_good) }
.m4 { color: var(--_accent) }
.m3 { color: var(--_warn) }
.m2, .m1 { color: var(--_bad) }
.mk { display: inline-flex; align-items: baseline; gap: 1px; margin: 1px; padding: 0 4px; border: 1px solid var(--_line); border-radius: 4px; background: var(--_soft); white-space: nowrap }
.mk b { font-weight: 600 }
.mk sub { font-size: .7em; color: var(--_muted) }
.mk small { margin-inline-start: 3px; font-size: .7em; color: var(--_muted) }
.mk.off b { color: var(--_muted); font-weight: 400 }
.mk.new { border: 2px solid var(--_new) }
.mk.new::after { content: "•"; color: var(--_new); font-weight: 700 }
details > summary { cursor: pointer; color: var(--_accent); width: fit-content }
button, input, select { padding: 3px 8px; border: 1px solid var(--_line); border-radius: 6px; background: var(--_bg) }
button { cursor: pointer }
`;
