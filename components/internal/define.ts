// Written in by the library's build (scripts/build-widgets.mjs); absent when the sources are bundled elsewhere.
declare const __TABEL_VERSION__: string | undefined;

/** The library's version, as the build wrote it (`source` when these files are bundled from source). */
export const VERSION: string = typeof __TABEL_VERSION__ === 'string' ? __TABEL_VERSION__ : 'source';

const warned = new Set<string>();

/**
 * Guarded, version-aware registration. The library may be loaded twice (a portal's bundle and a
 * `<script>` tag), or next to the extension, which registers the same tags in the page: the first
 * definition wins and nothing ever throws into the host page. When the tag was defined by another
 * version of the library, or by something else, that is said once in the console, naming both, so
 * a page that wonders why its new version does not show learns why.
 */
export function define(tag: string, ctor: CustomElementConstructor): void {
  const registry = globalThis.customElements;
  if (!registry) return;
  const existing = registry.get(tag) as (CustomElementConstructor & { tabelVersion?: string }) | undefined;
  if (existing) {
    if (existing !== ctor && existing.tabelVersion !== VERSION && !warned.has(tag)) {
      warned.add(tag);
      const first = existing.tabelVersion ? `Tabel ${existing.tabelVersion}` : 'another script';
      console.warn(`tabel: <${tag}> is already defined by ${first}; this copy (Tabel ${VERSION}) is not used.`);
    }
    return;
  }
  try {
    registry.define(tag, ctor);
  } catch {
    // The class is already registered under another tag, or the registry refuses: keep the page's.
  }
}
