import { defineConfig } from 'tsup';
import { preset } from '../../tools/tsup.preset.js';

// bin.ts is a second entry so dist/bin.js exists (esbuild keeps its shebang) for the `mikrocloud` bin.
export default defineConfig({ ...preset, entry: ['src/index.ts', 'src/bin.ts'] });
