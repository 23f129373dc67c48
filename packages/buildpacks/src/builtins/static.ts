import path from 'node:path';
import Type from 'typebox';
import { ValidationError } from '@mikrocloud/core';
import { defineBuildpack } from '../plugin/buildpack.js';
import { dockerfileImage, dockerfilePath, runShell } from './dockerfile-text.js';

/** Configuration of the `static` buildpack (`static_config`). */
export const StaticConfig = Type.Object(
  {
    build_command: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, description: 'run with sh -c in the builder image; no newlines' })),
    output_dir: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'directory to serve; default dist' })),
    spa: Type.Optional(Type.Boolean({ description: 'answer unknown paths with /index.html' })),
    nginx_config: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'repository path of a server config replacing the generated one' })),
    builder_image: Type.Optional(Type.String({ minLength: 1, maxLength: 512, description: 'default node:20-alpine' })),
    nginx_image: Type.Optional(Type.String({ minLength: 1, maxLength: 512, description: 'default nginx:alpine' })),
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
    async build({ workspace, config, imageTag }) {
      const nginxImage = dockerfileImage(config.nginx_image ?? defaultNginx, 'static_config.nginx_image');
      const files: Record<string, string> = {};
      let nginxConfigSource: string;
      if (config.nginx_config) {
        if (!(await workspace.exists(config.nginx_config, 'static_config.nginx_config'))) {
          throw ValidationError.field('static_config.nginx_config', `"${config.nginx_config}" does not exist in the repository`);
        }
        const real = await workspace.resolve(config.nginx_config, 'static_config.nginx_config');
        nginxConfigSource = dockerfilePath(path.relative(workspace.root, real).split(path.sep).join('/'), 'static_config.nginx_config');
      } else {
        files[GENERATED_NGINX] = nginxServerConfig(config.spa === true);
        nginxConfigSource = JSON.stringify(GENERATED_NGINX);
      }
      const lines: string[] = [];
      if (config.build_command) {
        const builderImage = dockerfileImage(config.builder_image ?? defaultBuilder, 'static_config.builder_image');
        const output = config.output_dir ?? 'dist';
        dockerfilePath(output, 'static_config.output_dir');
        const outputDir = JSON.stringify(`${path.posix.join('/app', path.posix.normalize(output))}/`);
        lines.push(
          `FROM ${builderImage} AS build`,
          'WORKDIR /app',
          'COPY [".", "/app/"]',
          runShell(config.build_command, 'static_config.build_command'),
          `FROM ${nginxImage}`,
          `COPY --from=build [${outputDir}, "/usr/share/nginx/html/"]`,
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
        const real = path.relative(workspace.root, await workspace.resolve(serve, 'static_config.output_dir')).split(path.sep).join('/') || '.';
        lines.push(`FROM ${nginxImage}`, `COPY [${dockerfilePath(`${real}/`, 'static_config.output_dir')}, "/usr/share/nginx/html/"]`);
      }
      lines.push(`COPY [${nginxConfigSource}, "/etc/nginx/conf.d/default.conf"]`, 'EXPOSE 80', '');
      return { context: '.', tag: imageTag, files, dockerfile: { content: lines.join('\n') } };
    },
  });
}

/** Builds a static site (optionally with a Node build step) into an nginx image. */
export const staticBuildpack = createStaticBuildpack();
