// Custom Elements Manifest for the widget library: `cem analyze --config custom-elements-manifest.config.mjs`
// (run by scripts/build-widgets.mjs). Documentation comes from the JSDoc on the component classes and
// on the shared base class (components/internal/base.ts), whose members every element inherits.
export default {
  globs: ['components/**/*.component.ts', 'components/internal/base.ts', 'components/internal/targeted.ts'],
  exclude: ['components/**/*.test.ts'],
  outdir: 'dist/widgets',
  litelement: true,
  dependencies: false,
  packagejson: false,
};
