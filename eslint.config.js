import tseslint from 'typescript-eslint';

// The architecture's one-way flow (source → model → engine → widgets) is enforced here, not by convention.
const noExtensionApis = ['wxt', 'wxt/*', '#imports', 'webextension-polyfill', '@wxt-dev/*'];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'dist/**', 'node_modules/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['lib/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/entrypoints/**', '**/components/**'], message: 'lib/ is the framework-free core: it imports nothing from entrypoints/ or components/.' },
            { group: [...noExtensionApis, 'lit', 'lit/*', 'preact', 'preact/*', '@preact/*', 'chart.js', 'chart.js/*'], message: 'lib/ stays free of UI frameworks and extension APIs.' },
          ],
        },
      ],
    },
  },
  {
    files: ['components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/entrypoints/**'], message: 'components/ never import the extension.' },
            { group: noExtensionApis, message: 'components/ never touch extension APIs: they also ship as a standalone library.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'chrome', message: 'components/ never touch extension APIs.' }, { name: 'browser', message: 'components/ never touch extension APIs.' }],
    },
  },
);
