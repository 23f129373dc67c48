import { mkdtemp, realpath, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '@mikrocloud/core';
import type { BuildSpec } from '../plugin/buildpack.js';
import { fieldOf, writeTree } from '../testing/support.js';
import { BuildWorkspace } from '../workspace/workspace.js';
import { composeBuildpack, parseComposeBuilds } from './compose.js';
import { dockerfileBuildpack } from './dockerfile.js';
import { createStaticBuildpack, staticBuildpack } from './static.js';

let dir: string;
let workspace: BuildWorkspace;
beforeEach(async () => {
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'mctest-bp-')));
  workspace = new BuildWorkspace(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const files = (tree: Record<string, string>) => writeTree(dir, tree);

const ctx = <C>(config: C) => ({ workspace, config, imageTag: 'app:1', buildId: 'b1', log: () => {}, signal: new AbortController().signal });

const dockerfileOf = (spec: BuildSpec | BuildSpec[]) => {
  const one = Array.isArray(spec) ? spec[0]! : spec;
  return one.dockerfile && 'content' in one.dockerfile ? one.dockerfile.content : '';
};

describe('static buildpack', () => {
  it('generates a two-stage Dockerfile with the command as one JSON string', async () => {
    const spec = await staticBuildpack.build(ctx({ build_command: 'npm ci && npm run build -- --out "x y"', output_dir: 'build/out', spa: true }));
    expect(dockerfileOf(spec).split('\n')).toEqual([
      'FROM node:20-alpine AS build',
      'WORKDIR /app',
      'COPY [".","/app/"]',
      'RUN ["sh","-c","npm ci && npm run build -- --out \\"x y\\""]',
      'FROM nginx:alpine',
      'COPY --from=build ["/app/build/out/","/usr/share/nginx/html/"]',
      'COPY [".mikrocloud/nginx.conf","/etc/nginx/conf.d/default.conf"]',
      'EXPOSE 80',
      '',
    ]);
    expect((spec as BuildSpec).files?.['.mikrocloud/nginx.conf']).toContain('try_files $uri $uri/ /index.html;');
  });

  it('refuses injection through every field', async () => {
    expect(await fieldOf(staticBuildpack.build(ctx({ build_command: 'true\nRUN id' })))).toBe('static_config.build_command');
    expect(await fieldOf(staticBuildpack.build(ctx({ build_command: 'true', output_dir: 'dist\nRUN id' })))).toBe('static_config.output_dir');
    expect(await fieldOf(staticBuildpack.build(ctx({ build_command: 'true', output_dir: '../../etc' })))).toBe('static_config.output_dir');
    expect(await fieldOf(staticBuildpack.build(ctx({ build_command: 'true', builder_image: 'node\nRUN id' })))).toBe('static_config.builder_image');
    expect(await fieldOf(staticBuildpack.build(ctx({ nginx_image: 'nginx:alpine AS x' })))).toBe('static_config.nginx_image');
    expect(await fieldOf(staticBuildpack.build(ctx({ nginx_config: '../nginx.conf' })))).toBe('static_config.nginx_config');
  });

  it('serves dist, then the root, and uses server-wide base images and a repository nginx config', async () => {
    await files({ 'index.html': 'x', 'conf/site.conf': 'server {}' });
    expect(dockerfileOf(await staticBuildpack.build(ctx({})))).toContain('COPY ["./","/usr/share/nginx/html/"]');
    await files({ 'dist/index.html': 'x' });
    const custom = createStaticBuildpack({ nginxImage: 'registry.local/nginx:1' });
    const text = dockerfileOf(await custom.build(ctx({ nginx_config: 'conf/site.conf' })));
    expect(text).toContain('FROM registry.local/nginx:1');
    expect(text).toContain('COPY ["dist/","/usr/share/nginx/html/"]');
    expect(text).toContain('COPY ["conf/site.conf","/etc/nginx/conf.d/default.conf"]');
    expect(await fieldOf(staticBuildpack.build(ctx({ output_dir: 'missing' })))).toBe('static_config.output_dir');
  });
});

describe('dockerfile buildpack', () => {
  it('confines the context and Dockerfile, including through symlinks', async () => {
    await files({ 'app/Dockerfile': 'FROM x', 'docker/prod.Dockerfile': 'FROM y' });
    expect(await dockerfileBuildpack.build(ctx({ context: 'app' }))).toMatchObject({ context: 'app', dockerfile: { path: 'Dockerfile' } });
    expect(await dockerfileBuildpack.build(ctx({ context: 'app', dockerfile_path: 'docker/prod.Dockerfile' }))).toMatchObject({ context: 'app', dockerfile: { content: 'FROM y' } });
    await symlink('/etc', path.join(dir, 'etc'));
    expect(await fieldOf(dockerfileBuildpack.build(ctx({ context: 'etc' })))).toBe('dockerfile_config.context');
    expect(await fieldOf(dockerfileBuildpack.build(ctx({ dockerfile_path: '../Dockerfile' })))).toBe('dockerfile_config.dockerfile_path');
    expect(await fieldOf(dockerfileBuildpack.build(ctx({ dockerfile_path: 'etc/passwd' })))).toBe('dockerfile_config.dockerfile_path');
    expect(await fieldOf(dockerfileBuildpack.build(ctx({})))).toBe('dockerfile_config.dockerfile_path');
  });
});

describe('compose parsing', () => {
  it('normalises string and map build sections, args as map or list', () => {
    const builds = parseComposeBuilds(
      'services:\n  a:\n    build: ./a\n  b:\n    build:\n      context: b\n      dockerfile: B.Dockerfile\n      target: prod\n      args:\n        X: 1\n        Y: "two"\n        Z:\n  c:\n    build:\n      args: ["P=q=r", "NOVALUE"]\n  d:\n    image: redis\n',
    );
    expect([...builds]).toEqual([
      ['a', { context: './a', args: {} }],
      ['b', { context: 'b', dockerfile: 'B.Dockerfile', target: 'prod', args: { X: '1', Y: 'two' } }],
      ['c', { context: '.', args: { P: 'q=r' } }],
      ['d', undefined],
    ]);
  });

  it('refuses what it cannot build', () => {
    expect(() => parseComposeBuilds('services: [1]')).toThrow(/no "services" map/);
    expect(() => parseComposeBuilds(': : :')).toThrow(ValidationError);
    expect(() => parseComposeBuilds('services:\n  a:\n    build:\n      dockerfile_inline: FROM x\n')).toThrow(/dockerfile_inline/);
    expect(() => parseComposeBuilds('services:\n  a:\n    build: [1]\n')).toThrow(/must be a string or a map/);
  });

  it('confines contexts and Dockerfiles, and explains missing services', async () => {
    await files({
      'deploy/compose.yml': 'services:\n  web:\n    build: ../web\n  up:\n    build: ../..\n  abs:\n    build: /etc\n  df:\n    build:\n      context: ../web\n      dockerfile: ../../../etc/passwd\n  db:\n    image: pg\n',
      'web/Dockerfile': 'FROM x',
    });
    const run = (config: Record<string, unknown>) => composeBuildpack.build(ctx({ compose_file: 'deploy/compose.yml', ...config }));
    expect(await run({ service: 'web' })).toMatchObject({ context: 'web', tag: 'app:1', dockerfile: { path: 'Dockerfile' } });
    expect(await fieldOf(run({ service: 'up' }))).toMatch(/up/);
    expect(await fieldOf(run({ service: 'abs' }))).toMatch(/abs/);
    expect(await fieldOf(run({ service: 'df' }))).toMatch(/df/);
    await expect(run({ service: 'nope' })).rejects.toThrow('no service "nope" in deploy/compose.yml (services: web, up, abs, df, db)');
    await expect(run({ service: 'db' })).rejects.toThrow('service "db" has no build section');
    await expect(run({})).rejects.toThrow(/is required: the compose file has 4 services with a build section/);
  });
});
