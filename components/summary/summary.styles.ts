import { base, css } from '../internal/styles';

export default [
  base,
  css`
header { margin-bottom: 8px }
.name { font-size: 1.15em; font-weight: 700; display: block }
dl { display: grid; gap: 8px }
dl > div { display: grid; grid-template-columns: minmax(9em, auto) 1fr; gap: 2px 12px; align-items: baseline }
dt { color: var(--_muted); font-size: .9em }
dd { margin: 0 }
.big { font-size: 1.6em; font-weight: 700; line-height: 1.1 }
ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 12px }
.fresh { column-gap: 16px }
`,
];
