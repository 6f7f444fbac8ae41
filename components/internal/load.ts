/**
 * Reads a widget's `src` as a careful client would: JSON only (by its content type), at most
 * `SRC_BYTES`, within `SRC_TIMEOUT_MS` body included, and from the origin asked — a redirect to
 * another origin is refused unless the page allows it (`allow-redirect`). Its own chunk: a page
 * that gives its widgets data from script never loads it.
 */

/** A diary is bounded by the model (at most 100,000 marks, about 160 bytes each in JSON): more is not a diary. */
export const SRC_BYTES = 16 * 1024 * 1024;
export const SRC_TIMEOUT_MS = 20_000;

const JSON_TYPE = /^(application\/([\w.-]+\+)?json|text\/json)\s*(;|$)/i;

async function textWithin(res: Response, max: number): Promise<string> {
  if (Number(res.headers.get('content-length')) > max) throw new Error(`larger than ${max / 1024 / 1024} MB`);
  if (!res.body) return res.text();
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      void reader.cancel();
      throw new Error(`larger than ${max / 1024 / 1024} MB`);
    }
    parts.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of parts) all.set(p, (at += p.byteLength) - p.byteLength);
  return new TextDecoder().decode(all);
}

/** The parsed JSON at `src`; rejects with a plain message (the caller prefixes the URL). */
export async function jsonAt(src: string, signal: AbortSignal, allowRedirect = false): Promise<unknown> {
  const asked = new URL(src, document.baseURI);
  const ac = new AbortController();
  const stop = () => ac.abort();
  signal.addEventListener('abort', stop);
  let late = false;
  const timer = setTimeout(() => ((late = true), ac.abort()), SRC_TIMEOUT_MS);
  try {
    const res = await fetch(src, { signal: ac.signal });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const landed = res.url ? new URL(res.url) : asked;
    if (landed.origin !== asked.origin && !allowRedirect)
      throw new Error(`redirected to another origin (${landed.origin}); the page can allow it with allow-redirect`);
    const type = res.headers.get('content-type') ?? '';
    if (!JSON_TYPE.test(type)) throw new Error(`expected JSON, got ${type.split(';')[0] || 'no content type'}`);
    return JSON.parse(await textWithin(res, SRC_BYTES));
  } catch (e) {
    if (late) throw new Error(`no answer within ${SRC_TIMEOUT_MS / 1000} s`);
    throw e;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
  }
}
