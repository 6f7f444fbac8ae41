import { defineConfig } from 'wxt';

// Hosts the extension may touch: the diary and the city portal's SSO. Nothing else.
export const DIARY_HOSTS = ['https://school.mos.ru/*', 'https://login.mos.ru/*'];

export default defineConfig({
  // Explicit imports everywhere: code in lib/ must read the same in Node, vitest and the extension.
  imports: false,
  webExt: { disabled: true },
  manifest: ({ browser }) => ({
    name: 'Tabel — средний балл и цели для электронного дневника',
    short_name: 'Tabel',
    description:
      'Weighted averages, period marks, targets and history on top of the Moscow school diary (МЭШ).',
    default_locale: undefined,
    permissions: ['storage', 'alarms'],
    host_permissions: DIARY_HOSTS,
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: { id: 'tabel@tabel.example', strict_min_version: '115.0' },
          },
        }
      : {}),
  }),
});
