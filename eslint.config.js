import { readdirSync } from 'node:fs';
import tseslint from 'typescript-eslint';

// The architecture's one-way flow (source → model → engine → widgets) is enforced here, not by convention.
const noExtensionApis = ['wxt', 'wxt/*', '#imports', 'webextension-polyfill', '@wxt-dev/*'];

/** The diary systems' folders (lib/sources/<system>/): only lib/sources/ itself (the registry) may import them. */
const systemFolders = readdirSync(new URL('./lib/sources/', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const systems = {
  group: systemFolders.flatMap((name) => [`**/sources/${name}`, `**/sources/${name}/**`]),
  message: "A diary system is a plugin: only lib/sources/ imports a system's folder; everything else goes through lib/sources/registry.ts.",
};
const libCore = [
  {
    group: ['**/entrypoints/**', '**/components/**'],
    message: 'lib/ is the framework-free core: it imports nothing from entrypoints/ or components/.',
  },
  {
    group: [...noExtensionApis, 'lit', 'lit/*', 'preact', 'preact/*', '@preact/*', 'chart.js', 'chart.js/*'],
    message: 'lib/ stays free of UI frameworks and extension APIs.',
  },
];
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['.output/**', '.output-test/**', '.wxt/**', 'dist/**', 'node_modules/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // Every production file outside lib/sources/ (tests and benches may reach into a system to test it).
  { files: ['**/*.{ts,tsx,js,mjs}'], ignores: ['lib/**', 'components/**', 'tests/**', 'bench/**'], rules: restrict(systems) },
  { files: ['lib/**'], ignores: ['lib/sources/**'], rules: restrict(...libCore, systems) },
  { files: ['lib/sources/**'], rules: restrict(...libCore) },
  {
    files: ['components/**'],
    rules: {
      ...restrict(
        { group: ['**/entrypoints/**'], message: 'components/ never import the extension.' },
        { group: noExtensionApis, message: 'components/ never touch extension APIs: they also ship as a standalone library.' },
        systems,
      ),
      'no-restricted-globals': [
        'error',
        { name: 'chrome', message: 'components/ never touch extension APIs.' },
        { name: 'browser', message: 'components/ never touch extension APIs.' },
      ],
    },
  },
);
