import { defineConfig } from 'tsup';
import { preset } from '../../tools/tsup.preset.js';

export default defineConfig([
  // The second config writes `bin.js` and its map into the same dist/, which this clean keeps.
  { ...preset, entry: ['src/index.ts'], clean: ['!bin.js', '!bin.js.map'] },
  // The `mikrocloud` bin: ESM only and no declarations, since nothing imports it; esbuild keeps its
  // shebang.
  { ...preset, entry: ['src/bin.ts'], format: ['esm'], dts: false, clean: false },
]);
