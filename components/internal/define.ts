/**
 * Guarded registration. The library may be loaded twice (a portal's bundle and a `<script>` tag),
 * or next to the extension, which registers the same tags in the page: the first definition wins
 * and nothing ever throws into the host page.
 */
export function define(tag: string, ctor: CustomElementConstructor): void {
  const registry = globalThis.customElements;
  if (!registry || registry.get(tag)) return;
  try {
    registry.define(tag, ctor);
  } catch {
    // The class is already registered under another tag, or the registry refuses: keep the page's.
  }
}
