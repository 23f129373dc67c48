import path from 'node:path';
import Type from 'typebox';
import { ValidationError } from '@mikrocloud/core';
import { defineBuildpack } from '../plugin/buildpack.js';
import { ConfigField } from '../plugin/config-fields.js';
import { assertSafePath, copyLine, dockerfileImage, fromLine, packageCacheMounts, runShell } from '../generated/dockerfile-text.js';
import type { BuildWorkspace } from '../workspace/workspace.js';

/** Configuration of the `static` buildpack (`static_config`). */
export const StaticConfig = Type.Object(
  {
    build_command: Type.Optional(ConfigField.singleLine({ description: 'run with sh -c in the builder image; no newlines' })),
    output_dir: Type.Optional(ConfigField.relativePath({ description: 'directory to serve; default dist' })),
    spa: Type.Optional(Type.Boolean({ description: 'answer unknown paths with /index.html' })),
    nginx_config: Type.Optional(ConfigField.relativePath({ description: 'repository path of a server config replacing the generated one' })),
    builder_image: Type.Optional(ConfigField.imageReference({ description: 'default node:20-alpine' })),
    nginx_image: Type.Optional(ConfigField.imageReference({ description: 'default nginx:alpine' })),
  },
  { additionalProperties: false },
);

/** The nginx server block the static buildpack writes (as a file in the context, never through a shell). */
export function nginxServerConfig(spa: boolean): string {
  return [
    'server {',
    '    listen 80;',
    '    server_name _;',
    '    root /usr/share/nginx/html;',
    '    index index.html index.htm;',
    '    # Dotfiles (.env, .mikrocloud/, ...) are never served; .well-known is.',
    '    location ~ /\\.(?!well-known/) {',
    '        return 404;',
    '    }',
    '    location / {',
    `        try_files $uri $uri/ ${spa ? '/index.html' : '=404'};`,
    '    }',
    '}',
    '',
  ].join('\n');
}

const GENERATED_NGINX = '.mikrocloud/nginx.conf';
const HTML_ROOT = '/usr/share/nginx/html';

/** The real path of a repository file or directory, relative to the root and `/`-separated (symlinks resolved and confined). */
async function repositoryPath(workspace: BuildWorkspace, userPath: string, field: string): Promise<string> {
  return path.relative(workspace.root, await workspace.resolve(userPath, field)).split(path.sep).join('/');
}

/** Server-wide defaults of the static buildpack (requests may override them per build). */
export interface StaticBuildpackOptions {
  /** Image the build command runs in. Default `node:20-alpine`. */
  builderImage?: string;
  /** Image that serves the site. Default `nginx:alpine`. */
  nginxImage?: string;
}

/** The static buildpack with server-wide base images. */
export function createStaticBuildpack(options: StaticBuildpackOptions = {}) {
  const defaultBuilder = options.builderImage ?? 'node:20-alpine';
  const defaultNginx = options.nginxImage ?? 'nginx:alpine';
  dockerfileImage(defaultBuilder, 'builderImage');
  dockerfileImage(defaultNginx, 'nginxImage');
  return defineBuildpack({
    name: 'static',
    configKey: 'static_config',
    configSchema: StaticConfig,
    detect: async (workspace) => (await workspace.exists('index.html')) || (await workspace.isDirectory('public')),
    async build({ workspace, config, imageTag, cacheScope }) {
      const nginxImage = dockerfileImage(config.nginx_image ?? defaultNginx, 'static_config.nginx_image');
      const files: Record<string, string> = {};
      let nginxConfigSource: string;
      if (config.nginx_config) {
        if (!(await workspace.exists(config.nginx_config, 'static_config.nginx_config'))) {
          throw ValidationError.field('static_config.nginx_config', `"${config.nginx_config}" does not exist in the repository`);
        }
        nginxConfigSource = await repositoryPath(workspace, config.nginx_config, 'static_config.nginx_config');
      } else {
        files[GENERATED_NGINX] = nginxServerConfig(config.spa === true);
        nginxConfigSource = GENERATED_NGINX;
      }
      const lines: string[] = [];
      if (config.build_command) {
        const builderImage = dockerfileImage(config.builder_image ?? defaultBuilder, 'static_config.builder_image');
        const output = config.output_dir ?? 'dist';
        assertSafePath(output, 'static_config.output_dir');
        lines.push(
          fromLine(builderImage, 'build', 'static_config.builder_image'),
          'WORKDIR /app',
          copyLine(['.'], '/app/'),
          // The build command runs in a Node.js image: npm's cache is mounted where the builder can.
          runShell(config.build_command, 'static_config.build_command', packageCacheMounts(cacheScope, 'npm')),
          fromLine(nginxImage, undefined, 'static_config.nginx_image'),
          copyLine([`${path.posix.join('/app', path.posix.normalize(output))}/`], `${HTML_ROOT}/`, 'build', 'static_config.output_dir'),
        );
      } else {
        let serve = config.output_dir;
        if (serve !== undefined) {
          if (!(await workspace.isDirectory(serve, 'static_config.output_dir'))) {
            throw ValidationError.field('static_config.output_dir', `"${serve}" is not a directory in the repository (set build_command to build it)`);
          }
        } else {
          serve = (await workspace.isDirectory('dist')) ? 'dist' : '.';
        }
        const real = (await repositoryPath(workspace, serve, 'static_config.output_dir')) || '.';
        lines.push(fromLine(nginxImage, undefined, 'static_config.nginx_image'), copyLine([`${real}/`], `${HTML_ROOT}/`, undefined, 'static_config.output_dir'));
      }
      lines.push(copyLine([nginxConfigSource], '/etc/nginx/conf.d/default.conf', undefined, 'static_config.nginx_config'), 'EXPOSE 80', '');
      return { context: '.', tag: imageTag, files, dockerfile: { content: lines.join('\n') } };
    },
  });
}

/** Builds a static site (optionally with a Node build step) into an nginx image. */
export const staticBuildpack = createStaticBuildpack();
