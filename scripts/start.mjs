#!/usr/bin/env node
// `npm start`: builds the extension and tells where the unpacked build is.
// (The emulated city portal and diary demo attach here as they land.)
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
execFileSync('npx', ['wxt', 'build'], { cwd: root, stdio: 'inherit' });
console.log(`\nUnpacked Chrome extension: ${resolve(root, '.output/chrome-mv3')}`);
console.log('Load it at chrome://extensions (Developer mode → Load unpacked).');
