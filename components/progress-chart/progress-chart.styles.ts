import { base, css } from '../internal/styles';

export default [
  base,
  css`
:host {
  --_c1: var(--tabel-chart-1, #0550ae);
  --_c2: var(--tabel-chart-2, #bc4c00);
  --_c3: var(--tabel-chart-3, #116329);
  --_c4: var(--tabel-chart-4, #8250df);
  --_c5: var(--tabel-chart-5, #a40e26);
  --_c6: var(--tabel-chart-6, #1b7c83);
}
@media (prefers-color-scheme: dark) {
  :host {
    --_c1: var(--tabel-chart-1, #6cb6ff);
    --_c2: var(--tabel-chart-2, #f0883e);
    --_c3: var(--tabel-chart-3, #57c26a);
    --_c4: var(--tabel-chart-4, #c297ff);
    --_c5: var(--tabel-chart-5, #ff7b72);
    --_c6: var(--tabel-chart-6, #39c5cf);
  }
}
figcaption { font-weight: 600; margin-bottom: 6px }
.plot { position: relative; height: var(--tabel-chart-height, 260px) }
details { margin-top: 8px }
table { border-collapse: collapse; margin-top: 6px; font-size: .9em }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--_line); text-align: end }
th:first-child { text-align: start }
thead th { color: var(--_muted); font-weight: 600 }
`,
];
