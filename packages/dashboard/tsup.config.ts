import { defineConfig } from 'tsup';
import { preset } from '../../tools/tsup.preset.js';

// Only the Node entry (where the assets are); scripts/build-assets.ts writes the browser bundle
// into dist/public afterwards, so this build's clean runs first.
export default defineConfig({ ...preset, entry: ['src/index.ts'], shims: true });
