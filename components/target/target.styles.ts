import { base, css } from '../internal/styles';

export default [
  base,
  css`
form { display: grid; gap: 10px }
.row, fieldset { display: grid; grid-template-columns: repeat(auto-fill, minmax(8.5em, 1fr)); gap: 8px 12px; align-items: end }
label { display: grid; gap: 2px; font-size: .85em; color: var(--_muted) }
label > * { font-size: 1rem; color: var(--_fg); width: 100%; min-width: 0 }
.result { padding: 8px 12px; border-radius: 6px; background: var(--_soft) }
.result p + p { margin-top: 4px }
.now .v { font-size: 1.5em; font-weight: 700 }
.key { font-weight: 600 }
.bad { color: var(--_bad) }
.ok { color: var(--_good) }
fieldset { border: 1px solid var(--_line); border-radius: 6px; padding: 6px 12px 10px }
legend { padding: 0 4px; font-weight: 600 }
ul { display: flex; flex-wrap: wrap; gap: 4px; list-style: none; grid-column: 1 / -1 }
ul:empty { display: none }
li { display: inline-flex; align-items: center }
li button { padding: 0 6px; margin-inline-start: 2px; line-height: 1.3 }
.rule { font-size: .85em }
`,
];
