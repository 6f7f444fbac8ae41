/**
 * A tiny static server for the widget gallery and the browser tests: plain HTTP on 127.0.0.1,
 * `/widgets/*` from `dist/widgets/`, `/gallery/*` from `gallery/`, `/` redirects to the gallery.
 * Extra in-memory pages (a test's embedding page) can be added with `pages`.
 *
 * Node built-ins only, so `npm start` can bundle it with esbuild and reuse it (see gallery/serve.mjs).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

export interface StaticServerOptions {
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number;
  /** The project root (default: two levels above this file). */
  root?: string;
  /** Extra pages served from memory: URL path → HTML. */
  pages?: Record<string, string>;
}

export interface StaticServer {
  /** Origin, e.g. `http://127.0.0.1:43121`. */
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** URL prefix → directory (relative to the root). */
const MOUNTS: Array<[string, string]> = [
  ['/widgets/', 'dist/widgets'],
  ['/gallery/', 'gallery'],
];

export async function startStaticServer(options: StaticServerOptions = {}): Promise<StaticServer> {
  const root = options.root ?? resolve(import.meta.dirname, '../..');
  const pages = options.pages ?? {};

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed', undefined, { allow: 'GET, HEAD' });
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return send(400, 'Bad request');
    }
    if (path in pages) return send(200, pages[path]!, TYPES['.html']);
    if (path === '/' || path === '/gallery') return send(302, '', undefined, { location: '/gallery/' });
    if (path === '/favicon.ico') return send(204, '');
    const mount = MOUNTS.find(([prefix]) => path.startsWith(prefix));
    if (!mount) return send(404, 'Not found');
    const base = resolve(root, mount[1]);
    let file = resolve(base, `.${sep}${path.slice(mount[0].length)}`);
    // Never outside the mounted directory.
    if (file !== base && !file.startsWith(base + sep)) return send(403, 'Forbidden');
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      send(200, body, TYPES[extname(file)] ?? 'application/octet-stream');
    } catch {
      send(404, `Not found: ${path}`);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
