/** docs/widgets.md with every `<!-- api:… -->` block written from a Custom Elements Manifest (see widget-docs.mjs). */
export function withApi(doc: string, manifest: unknown): string;
export const DOC: string;
export const MANIFEST: string;
