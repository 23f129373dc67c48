import { defineConfig } from 'tsup';
import { preset } from '../../tools/tsup.preset.js';

export default defineConfig({ ...preset });
