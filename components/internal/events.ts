import type { TabelDataError } from '../../lib/model';
import type { TargetChangeDetail } from '../target/target.component';

/** Every event a `tabel-*` element fires, with its `detail` (all bubble and are composed). */
export interface TabelEventMap {
  /** `src` was fetched and its data accepted. */
  'tabel-load': CustomEvent<{ src: string }>;
  /** The data given was rejected (invalid, or `src` failed). */
  'tabel-error': CustomEvent<{ error: TabelDataError | Error }>;
  /** `<tabel-target>`: the target, the counted mark or the what-if marks were edited. */
  'tabel-change': CustomEvent<TargetChangeDetail>;
}

declare global {
  // So that `el.addEventListener('tabel-change', (e) => e.detail.needed)` is typed in a portal's code.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends TabelEventMap {}
}

/** The `detail` of a Tabel event. */
export type TabelEventDetail<K extends keyof TabelEventMap> = TabelEventMap[K]['detail'];

/** Fires a Tabel event from an element: bubbling and composed, so a page hears it outside the shadow roots. */
export function fire<K extends keyof TabelEventMap>(el: HTMLElement, type: K, detail: TabelEventDetail<K>): void {
  el.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
