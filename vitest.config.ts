import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    reporters: ['default', './tests/support/plain-summary.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'happy-dom',
          include: ['tests/unit/**/*.test.ts', 'tests/components/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          // Node against the emulated portal over real HTTPS (no browser).
          name: 'integration',
          environment: 'node',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          // Real Chromium (Debian's /usr/bin/chromium) against the emulated portal and the built artefacts.
          name: 'browser',
          environment: 'node',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/browser/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two cores: one Chromium at a time keeps timings honest.
          fileParallelism: false,
        },
      },
    ],
  },
});
