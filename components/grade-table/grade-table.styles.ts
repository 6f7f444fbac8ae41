import { base, css } from '../internal/styles';

export default [
  base,
  css`
:host { overflow-x: auto }
table { width: 100%; border-collapse: collapse }
caption { text-align: start; font-weight: 600; padding-bottom: 6px }
caption .muted { display: block; font-weight: 400; font-size: .85em }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--_line); text-align: start; vertical-align: middle }
thead th { font-size: .85em; font-weight: 600; color: var(--_muted); white-space: nowrap }
tbody th { font-weight: 500 }
tbody tr:last-child > * { border-bottom: 0 }
.num { text-align: end; white-space: nowrap }
th button { all: unset; cursor: pointer; border-radius: 4px }
th button:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px }
th button:hover { color: var(--_fg) }
[aria-sort] button { color: var(--_fg) }
.below { color: var(--_bad) }
.legend { margin-top: 8px; font-size: .8em }
.above { color: var(--_good) }
`,
];
