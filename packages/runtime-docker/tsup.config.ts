import { defineConfig } from 'tsup';
import { preset } from '../../tools/tsup.preset.js';

// `internal` is the engine-API base @mikrocloud/runtime-podman builds on (not covered by semver).
export default defineConfig({ ...preset, entry: ['src/index.ts', 'src/internal.ts'] });
