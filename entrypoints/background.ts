import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createDiaryService } from '../extension/diary-service';
import type { Request, SessionInfo } from '../extension/messages';

/** The aupd_token JWT's `exp`, read without keeping or logging the token. */
function expiryOf(jwt: string): number | null {
  try {
    const payload = JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

async function session(): Promise<SessionInfo> {
  const cookie = await browser.cookies.get({ url: 'https://school.mos.ru/', name: 'aupd_token' });
  if (!cookie?.value) return { state: 'logged-out', expiresAt: null };
  const exp = expiryOf(cookie.value);
  if (exp === null) return { state: 'logged-out', expiresAt: null };
  return { state: exp > Date.now() ? 'alive' : 'expired', expiresAt: new Date(exp).toISOString() };
}

export default defineBackground(() => {
  const diary = createDiaryService();
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    // Only our own pages and content scripts talk to the background.
    if (sender.id !== browser.runtime.id) return undefined;
    const m = message as Request;
    switch (m?.type) {
      case 'tabel:students':
        return diary.students(m.fresh);
      case 'tabel:diary':
        return diary.diary(String(m.studentId), m.fresh);
      case 'tabel:session':
        return session();
      case 'tabel:forget':
        diary.forget();
        return Promise.resolve({ ok: true });
      default:
        return undefined;
    }
  });
});
