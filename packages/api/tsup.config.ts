import { defineConfig } from 'tsup';
import { preset } from '../../tools/tsup.preset.js';

export default defineConfig([
  // The second config writes `bin.js` and its map into the same dist/, which this clean keeps.
  { ...preset, entry: ['src/index.ts'], clean: ['!bin.js', '!bin.js.map'] },
  // The `mikrocloud` bin: ESM only and no declarations, since nothing imports it; esbuild keeps its
  // shebang. It is an application, so its pure-JS dependencies are bundled into one file: loading
  // several hundred ES modules (TypeBox alone is ~300) was most of the server's start-up time and
  // idle memory. better-sqlite3 stays external (native addon), and so does @mikrocloud/dashboard.
  {
    ...preset,
    entry: ['src/bin.ts'],
    format: ['esm'],
    dts: false,
    clean: false,
    // Plain esbuild output: the preset's Rollup tree-shaking pass would drop the banner below.
    treeshake: false,
    noExternal: [/^(?!better-sqlite3$|@mikrocloud\/dashboard$)/],
    // The dashboard finds its built files beside its own module, so it is loaded from its package.
    external: ['better-sqlite3', '@mikrocloud/dashboard'],
    // __dirname and __filename for CommonJS dependencies inside the ESM bundle.
    shims: true,
    esbuildOptions(options) {
      // esbuild's require() shim calls the real require() when one is in scope.
      options.banner = {
        js: "import { createRequire as __mikrocloudRequire } from 'node:module';\nconst require = __mikrocloudRequire(import.meta.url);",
      };
    },
  },
]);
