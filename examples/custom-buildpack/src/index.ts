import path from 'node:path';
import Type from 'typebox';
import { assertSafePath, cmdLine, copyLine, defineBuildpack, fromLine } from '@mikrocloud/buildpacks';
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
// Requests for this buildpack are then typed like the built-ins' (`buildpack_type: 'shell-script'`
// with a checked `shell_script_config`).
declare module '@mikrocloud/buildpacks' {
  interface BuildpackConfigs {
    'shell-script': { shell_script_config?: Type.Static<typeof ShellScriptConfig> };
  }
}

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
    const inImage = path.posix.normalize(script);
    assertSafePath(inImage, 'shell_script_config.script');
    log(`shell-script: the image will run ${inImage}`);
    return {
      context: '.',
      tag: imageTag,
      dockerfile: {
        content: [
          // The one Dockerfile writer every buildpack uses: checked images and paths, exec form.
          fromLine(config.base_image ?? 'busybox:latest', undefined, 'shell_script_config.base_image'),
          'WORKDIR /app',
          copyLine(['.'], '/app/'),
          cmdLine(['sh', `/app/${inImage}`], 'shell_script_config.script'),
          '',
        ].join('\n'),
      },
    };
  },
});

export default shellScriptBuildpack;
