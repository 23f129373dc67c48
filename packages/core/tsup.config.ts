import { defineConfig } from 'tsup';
import { preset } from '../../tools/tsup.preset.js';

export default defineConfig([
  // The second config writes `testing.js` and its map into the same dist/, which this clean keeps.
  // `errors` is the browser-safe subpath (no Node built-ins). Both entries share one chunk
  // (splitting), so `@mikrocloud/core` and `@mikrocloud/core/errors` hand out the same classes and
  // `instanceof` holds across them.
  { ...preset, entry: { index: 'src/index.ts', errors: 'src/errors.ts' }, splitting: true, clean: ['!testing.js', '!testing.js.map'] },
  // `testing` is a separate entry so that importing the core never loads vitest. It is ESM only:
  // vitest 4's CommonJS entry throws, so a CommonJS build of the suite could never load.
  // CommonJS callers still reach it with require() on Node >= 20.19 (require of ESM).
  { ...preset, entry: { testing: 'src/testing/index.ts' }, format: ['esm'], clean: false },
]);
