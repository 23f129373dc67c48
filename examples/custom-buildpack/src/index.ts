import path from 'node:path';
import Type from 'typebox';
import { defineBuildpack, dockerfileImage, dockerfilePath } from '@mikrocloud/buildpacks';
import { ValidationError } from '@mikrocloud/core';

/** Configuration of the `shell-script` buildpack (`shell_script_config` in a build request). */
export const ShellScriptConfig = Type.Object(
  {
    script: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'script in the repository to run; default run.sh' })),
    base_image: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'default busybox:latest' })),
  },
  { additionalProperties: false },
);

/**
 * Packs the repository into a busybox image whose command runs one of its shell scripts.
 * Load it in a server with `buildpacks = ["./path/to/this/module.js"]`, or register it yourself:
 * `registry.register(shellScriptBuildpack)`.
 */
export const shellScriptBuildpack = defineBuildpack({
  name: 'shell-script',
  configSchema: ShellScriptConfig,
  detect: (workspace) => workspace.exists('run.sh'),
  async build({ workspace, config, imageTag, log }) {
    const script = config.script ?? 'run.sh';
    // Confined to the repository, symlinks included; a missing script is the user's mistake (400-style).
    if (!(await workspace.exists(script, 'shell_script_config.script'))) {
      throw ValidationError.field('shell_script_config.script', `"${script}" does not exist in the repository`);
    }
    const inImage = JSON.parse(dockerfilePath(path.posix.normalize(script), 'shell_script_config.script')) as string;
    log(`shell-script: the image will run ${inImage}`);
    return {
      context: '.',
      tag: imageTag,
      dockerfile: {
        content: [
          `FROM ${dockerfileImage(config.base_image ?? 'busybox:latest', 'shell_script_config.base_image')}`,
          'WORKDIR /app',
          'COPY [".", "/app/"]',
          // Exec form with JSON strings: the script path never meets a shell parser here.
          `CMD ${JSON.stringify(['sh', `/app/${inImage}`])}`,
          '',
        ].join('\n'),
      },
    };
  },
});

export default shellScriptBuildpack;
