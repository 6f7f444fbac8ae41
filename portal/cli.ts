/**
 * `npm start`: the emulated city portal + diary site with the built extension, and the widget
 * gallery. Opens Chromium when a display is available; otherwise prints the command line.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_LOGIN, startPortal } from './server';

export interface DemoOptions {
  root: string;
  port: number;
  galleryUrl?: string;
}

export async function runDemo(o: DemoOptions): Promise<void> {
  const portal = await startPortal({ port: o.port });
  const ext = resolve(o.root, '.output/chrome-mv3');
  const profile = mkdtempSync(join(tmpdir(), 'tabel-demo-'));
  const args = [
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...portal.chromiumArgs(),
    `--disable-extensions-except=${ext}`,
    `--load-extension=${ext}`,
  ];
  const start = 'https://www.mos.ru/';
  const quote = (a: string) => (/[\s,;]/.test(a) ? `"${a}"` : a);
  console.log(`
Tabel demo — emulated mos.ru / school.mos.ru on 127.0.0.1:${portal.port}
  Start page:   ${start}  (inside the Chromium below)
  Demo login:   ${DEMO_LOGIN.login} / ${DEMO_LOGIN.password}
  Faults:       curl -k -X POST https://127.0.0.1:${portal.port}/__emulator/faults -d '{"maintenance":true}'
  New marks:    curl -k -X POST https://127.0.0.1:${portal.port}/__emulator/marks -d '{"count":2}'${o.galleryUrl ? `\n  Widget gallery: ${o.galleryUrl}` : ''}

Chromium with the extension, routed to the emulator:
  chromium ${args.map(quote).join(' ')} ${start}
`);
  const display = process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
  const chromium = process.env.TABEL_CHROMIUM ?? '/usr/bin/chromium';
  if (display && existsSync(chromium) && !process.env.TABEL_NO_BROWSER) {
    const { spawn } = await import('node:child_process');
    const child = spawn(chromium, [...args, start], { stdio: 'ignore' });
    child.on('exit', () => console.log('Chromium closed; the emulator keeps running (Ctrl+C to stop).'));
    console.log('Opened Chromium. Ctrl+C stops the emulator.');
  } else {
    console.log('No display here: run the command above on a machine with one. Ctrl+C stops the emulator.');
  }
  const stop = async () => {
    await portal.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
