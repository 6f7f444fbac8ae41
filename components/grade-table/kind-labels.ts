import { kindShort } from '../internal/i18n';

/** Labels for a set of control forms, unique among them. */
export function kindLabels(kinds: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const k of kinds) {
    if (out.has(k)) continue;
    let label = kindShort(k);
    if (taken.has(label)) label = kindShort(k, true);
    taken.add(label);
    out.set(k, label);
  }
  return out;
}
