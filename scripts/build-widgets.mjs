#!/usr/bin/env node
// `npm run build:widgets`: the standalone widget library into dist/widgets/.
import { build } from 'vite';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
await build({
  root,
  configFile: false,
  logLevel: 'warn',
  build: {
    outDir: resolve(root, 'dist/widgets'),
    emptyOutDir: true,
    target: 'es2022',
    lib: { entry: { tabel: resolve(root, 'components/tabel.ts') }, formats: ['es'] },
    rollupOptions: { output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' } },
  },
});
console.log(`Widget library written to ${resolve(root, 'dist/widgets')}`);
