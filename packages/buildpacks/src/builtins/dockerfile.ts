import path from 'node:path';
import Type from 'typebox';
import { ValidationError } from '@mikrocloud/core';
import { defineBuildpack } from '../plugin/buildpack.js';
import { ConfigField } from '../plugin/config-fields.js';

const ARG_NAME = '^[A-Za-z_][A-Za-z0-9_]{0,255}$';

/** Configuration of the `dockerfile` buildpack (`dockerfile_config`). */
export const DockerfileConfig = Type.Object(
  {
    dockerfile_path: Type.Optional(ConfigField.relativePath({ description: 'relative to the repository root; default <context>/Dockerfile' })),
    build_args: Type.Optional(
      Type.Record(Type.String({ pattern: ARG_NAME }), Type.String({ maxLength: 65536 }), {
        additionalProperties: false,
        description: 'names match [A-Za-z_][A-Za-z0-9_]*',
      }),
    ),
    target: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$' })),
    context: Type.Optional(ConfigField.relativePath({ description: 'sub-directory used as the build context; default the repository root' })),
  },
  { additionalProperties: false },
);

/** Builds the repository's own Dockerfile. */
export const dockerfileBuildpack = defineBuildpack({
  name: 'dockerfile',
  configKey: 'dockerfile_config',
  configSchema: DockerfileConfig,
  detect: (workspace) => workspace.exists('Dockerfile'),
  async build({ workspace, config, imageTag }) {
    const contextRel = config.context ?? '.';
    const contextDir = await workspace.resolve(contextRel, 'dockerfile_config.context');
    if (!(await workspace.isDirectory(contextRel, 'dockerfile_config.context'))) {
      throw ValidationError.field('dockerfile_config.context', `"${contextRel}" is not a directory in the repository`);
    }
    const dockerfileRel = config.dockerfile_path ?? path.posix.join(contextRel, 'Dockerfile');
    const dockerfileAbs = await workspace.resolve(dockerfileRel, 'dockerfile_config.dockerfile_path');
    const inContext = path.relative(contextDir, dockerfileAbs);
    const spec = {
      context: path.relative(workspace.root, contextDir) || '.',
      tag: imageTag,
      ...(config.build_args ? { buildArgs: config.build_args } : {}),
      ...(config.target ? { target: config.target } : {}),
    };
    if (inContext.startsWith('..') || path.isAbsolute(inContext)) {
      // A Dockerfile elsewhere in the repository travels inside the context, as the Docker CLI does.
      return { ...spec, dockerfile: { content: await workspace.readText(dockerfileRel, 'dockerfile_config.dockerfile_path') } };
    }
    if (!(await workspace.exists(dockerfileRel, 'dockerfile_config.dockerfile_path'))) {
      throw ValidationError.field('dockerfile_config.dockerfile_path', `"${dockerfileRel}" does not exist in the repository`);
    }
    return { ...spec, dockerfile: { path: inContext.split(path.sep).join('/') } };
  },
});
