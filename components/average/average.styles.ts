import { base, css } from '../internal/styles';

export default [
  base,
  css`
.head { font-weight: 600 }
.main { display: flex; align-items: center; flex-wrap: wrap; gap: 8px; margin: 2px 0 }
.value { font-size: 2em; font-weight: 700; line-height: 1.15 }
.main .pm { font-size: 1.25em }
.rule { font-size: .85em }
details { margin-top: 6px }
details > :not(summary) { margin-top: 6px }
li { list-style: none; margin: 2px 0 }
`,
];
