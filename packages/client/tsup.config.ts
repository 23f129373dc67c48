import { defineConfig } from 'tsup';
import { preset } from '../../tools/tsup.preset.js';

// Browsers and Node alike: nothing here may need a Node built-in.
export default defineConfig({ ...preset, platform: 'neutral', target: 'es2022' });
