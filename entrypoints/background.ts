import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createDiaryService } from '../extension/diary-service';
import { startKeeper } from '../extension/keeper';
import { settingsItem } from '../extension/storage';
import { normalizeSettings } from '../lib/settings';
import type { Request, SessionInfo } from '../extension/messages';

export default defineBackground(() => {
  const keeper = startKeeper();
  const diary = createDiaryService(undefined, () => void keeper.dispatch({ type: 'unauthorized' }));
  const applyConfig = (raw: unknown) => {
    const { keeper: k } = normalizeSettings(raw);
    void keeper.dispatch({ type: 'config', enabled: k.enabled, limit: k.limit });
  };
  void settingsItem.getValue().then(applyConfig);
  settingsItem.watch(applyConfig);
  const session = async (): Promise<SessionInfo> => {
    const s = await keeper.snapshot();
    return { state: s.state, expiresAt: s.exp !== null ? new Date(s.exp).toISOString() : null, reason: s.reason, renewals: s.renewals, enabled: s.enabled };
  };
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
      case 'tabel:visit':
        return keeper.dispatch({ type: 'visit' }).then(() => ({ ok: true }));
      case 'tabel:keeper-alarm':
        // The same path as the alarm, for tests that cannot wait for Chrome's alarm granularity.
        return keeper.dispatch({ type: 'alarm' }).then(() => ({ ok: true }));
      case 'tabel:forget':
        diary.forget();
        return Promise.resolve({ ok: true });
      default:
        return undefined;
    }
  });
});
