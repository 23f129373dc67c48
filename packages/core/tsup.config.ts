import { defineConfig } from 'tsup';
import { preset } from '../../tools/tsup.preset.js';

// `testing` is a separate entry so that importing the core never loads vitest.
export default defineConfig({ ...preset, entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' } });
