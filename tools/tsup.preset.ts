import type { Options } from 'tsup';

/** The build every publishable package shares: ESM + CJS + declarations, Node 20. */
export const preset: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: false,
  treeshake: true,
  // Error classes name themselves from `new.target.name`; esbuild would otherwise rename a class
  // whose name it must deduplicate (`_ValidationError`).
  keepNames: true,
};
