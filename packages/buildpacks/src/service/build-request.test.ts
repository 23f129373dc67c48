import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '@mikrocloud/core';
import { builtinBuildpacks } from '../builtins/builtins.js';
import { defineBuildpack } from '../plugin/buildpack.js';
import { createBuildpackRegistry, loadBuildpackModules } from '../plugin/registry.js';
import { serviceTag } from '../builtins/compose.js';
import { ConfigField } from '../plugin/config-fields.js';
import { createRequestValidator } from './build-request.js';

const base = { git_repo: 'https://github.com/user/docker-app.git', buildpack_type: 'dockerfile', image_tag: 'dockerapp:latest' };

function fields(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.problems.map((p) => p.field);
    throw error;
  }
  throw new Error('accepted');
}

describe('build request validation', () => {
  const registry = createBuildpackRegistry(builtinBuildpacks());
  const validator = createRequestValidator(registry);

  it('accepts the documented requests', () => {
    expect(validator.parse({ id: 'build-003', ...base, dockerfile_config: { dockerfile_path: 'Dockerfile', build_args: { VERSION: '1.0.0' } } })).toMatchObject({
      id: 'build-003',
      imageTag: 'dockerapp:latest',
      config: { dockerfile_path: 'Dockerfile', build_args: { VERSION: '1.0.0' } },
    });
    expect(validator.parse({ ...base, buildpack_type: 'static', static_config: { build_command: 'npm run build', output_dir: 'dist' } }).buildpack.name).toBe('static');
    expect(validator.parse({ ...base, buildpack_type: 'docker-compose', compose_config: { compose_file: 'docker-compose.yml', service: 'web' } }).config).toEqual({
      compose_file: 'docker-compose.yml',
      service: 'web',
    });
    const withSsh = createRequestValidator(registry, { access: { ssh: { keyFile: '/k', knownHostsFile: '/h' } } });
    expect(withSsh.parse({ ...base, git_repo: 'git@github.com:user/app.git', git_branch: 'feature/x' }).gitBranch).toBe('feature/x');
  });

  it('names every field at fault', () => {
    expect(fields(() => validator.parse({ ...base, dockerfile_config: { foo: 1 } }))).toEqual(['dockerfile_config.foo']);
    expect(fields(() => validator.parse({ ...base, dockerfile_config: { build_args: { 'BAD NAME': 'x' } } }))).toEqual(['dockerfile_config.build_args.BAD NAME']);
    expect(fields(() => validator.parse({ ...base, static_config: { output_dir: 'x' } }))).toEqual(['static_config']);
    expect(fields(() => validator.parse({ ...base, extra: true }))).toEqual(['extra']);
    expect(fields(() => validator.parse({ ...base, id: '-rf' }))).toEqual(['id']);
    expect(fields(() => validator.parse({ ...base, id: 'a/b' }))).toEqual(['id']);
    expect(fields(() => validator.parse({ ...base, git_branch: 'a..b' }))).toEqual(['git_branch']);
    expect(fields(() => validator.parse({ ...base, git_repo: 'file:///etc' }))).toEqual(['git_repo']);
    expect(fields(() => validator.parse({ ...base, image_tag: 'UPPER:case' }))).toEqual(['image_tag']);
    expect(fields(() => validator.parse({ ...base, git_repo: undefined, image_tag: undefined }))).toEqual(['git_repo', 'image_tag']);
    expect(fields(() => validator.parse([]))).toEqual(['']);
  });

  it('refuses at submission every field that can be judged without the repository', () => {
    const problems = (body: unknown) => {
      try {
        validator.parse(body);
      } catch (error) {
        if (error instanceof ValidationError) return error.problems;
        throw error;
      }
      throw new Error('accepted');
    };
    expect(fields(() => validator.parse({ ...base, dockerfile_config: { dockerfile_path: '../../etc/passwd' } }))).toEqual(['dockerfile_config.dockerfile_path']);
    expect(fields(() => validator.parse({ ...base, dockerfile_config: { dockerfile_path: '/etc/passwd', context: 'a/../../b' } }))).toEqual([
      'dockerfile_config.dockerfile_path',
      'dockerfile_config.context',
    ]);
    const compose = { ...base, buildpack_type: 'docker-compose' };
    expect(fields(() => validator.parse({ ...compose, compose_config: { service: 'web;id' } }))).toEqual(['compose_config.service']);
    expect(fields(() => validator.parse({ ...compose, compose_config: { compose_file: '../../etc/shadow' } }))).toEqual(['compose_config.compose_file']);
    const site = { ...base, buildpack_type: 'static' };
    expect(fields(() => validator.parse({ ...site, static_config: { output_dir: '../..' } }))).toEqual(['static_config.output_dir']);
    expect(fields(() => validator.parse({ ...site, static_config: { nginx_config: '/etc/nginx/nginx.conf' } }))).toEqual(['static_config.nginx_config']);
    expect(fields(() => validator.parse({ ...site, static_config: { build_command: 'npm run build\nRUN id' } }))).toEqual(['static_config.build_command']);
    expect(fields(() => validator.parse({ ...site, static_config: { build_command: 'true\r' } }))).toEqual(['static_config.build_command']);
    expect(fields(() => validator.parse({ ...site, static_config: { builder_image: 'Node:20' } }))).toEqual(['static_config.builder_image']);
    const nix = { ...base, buildpack_type: 'nixpacks' };
    expect(fields(() => validator.parse({ ...nix, nixpacks_config: { install_command: 'a\0b', start_command: 'x\ny' } }))).toEqual([
      'nixpacks_config.install_command',
      'nixpacks_config.start_command',
    ]);
    expect(fields(() => validator.parse({ ...base, image_tag: 'MyApp:1' }))).toEqual(['image_tag']);
    expect(problems({ ...base, image_tag: 'MyApp:1' })[0]?.message).toMatch(/lower-case \("myapp"\)/);
    expect(fields(() => validator.parse({ ...base, image_tag: 'app@sha256:' + 'a'.repeat(64) }))).toEqual(['image_tag']);
    // The words of the grammar check, not the schema's pattern.
    expect(problems({ ...site, static_config: { build_command: 'a\nb' } })).toEqual([
      { field: 'static_config.build_command', message: 'must be a single line (no newline, carriage return or NUL)' },
    ]);
    expect(problems({ ...base, id: '../etc' })).toEqual([{ field: 'id', message: expect.stringMatching(/\[A-Za-z0-9_.-\]/) }]);
  });

  it('lists every bad field of one request, not only the first', () => {
    const all = {
      id: '-x',
      git_repo: 'ext::sh -c id',
      git_branch: '--upload-pack=id',
      buildpack_type: 'docker-compose',
      image_tag: 'UPPER/App:1',
      compose_config: { compose_file: '../../etc/shadow', service: 'web;id' },
    };
    expect(fields(() => validator.parse(all)).sort()).toEqual(['compose_config.compose_file', 'compose_config.service', 'git_branch', 'git_repo', 'id', 'image_tag']);
    const error = (() => {
      try {
        validator.parse(all);
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(error?.status).toBe(400);
    expect(error?.details).toHaveLength(6);
  });

  it('keeps every tag inside the image namespace when one is set', () => {
    const scoped = createRequestValidator(registry, { imageNamespace: 'apps' });
    expect(scoped.parse({ ...base, image_tag: 'apps/web:1' }).imageTag).toBe('apps/web:1');
    expect(fields(() => scoped.parse({ ...base, image_tag: 'web:1' }))).toEqual(['image_tag']);
    expect(fields(() => scoped.parse({ ...base, image_tag: 'appsx/web:1' }))).toEqual(['image_tag']);
    expect(fields(() => scoped.parse({ ...base, image_tag: 'nginx:alpine' }))).toEqual(['image_tag']);
    const registryScoped = createRequestValidator(registry, { imageNamespace: 'registry.local:5000/team/' });
    expect(registryScoped.parse({ ...base, image_tag: 'registry.local:5000/team/web' }).imageTag).toBe('registry.local:5000/team/web');
    expect(() => createRequestValidator(registry, { imageNamespace: 'Apps' })).toThrow(TypeError);
    expect(() => createRequestValidator(registry, { imageNamespace: 'apps x' })).toThrow(TypeError);
    expect(() => createRequestValidator(registry, { imageNamespace: '' })).toThrow(TypeError);
    // The former signature still works.
    expect(fields(() => createRequestValidator(registry, ['https']).parse({ ...base, git_repo: 'git@github.com:u/a.git' }))).toEqual(['git_repo']);
  });

  it('checks the fields a plug-in declares with ConfigField', () => {
    const plugins = createBuildpackRegistry([
      defineBuildpack({
        name: 'plug',
        configSchema: Type.Object(
          {
            dir: Type.Optional(ConfigField.relativePath()),
            steps: Type.Optional(Type.Array(Type.Object({ run: ConfigField.singleLine() }))),
            images: Type.Optional(Type.Record(Type.String(), ConfigField.imageReference())),
          },
          { additionalProperties: false },
        ),
        build: async ({ imageTag }) => ({ context: '.', tag: imageTag }),
      }),
    ]);
    const v = createRequestValidator(plugins);
    const body = { ...base, buildpack_type: 'plug' };
    expect(v.parse({ ...body, plug_config: { dir: 'a/b', steps: [{ run: 'make' }], images: { base: 'alpine:3' } } }).config).toBeDefined();
    expect(fields(() => v.parse({ ...body, plug_config: { dir: '../x', steps: [{ run: 'ok' }, { run: 'a\nb' }], images: { base: 'Alpine' } } }))).toEqual([
      'plug_config.dir',
      'plug_config.steps.1.run',
      'plug_config.images.base',
    ]);
  });

  it('lists the known buildpacks for an unknown type', () => {
    expect(() => validator.parse({ ...base, buildpack_type: 'heroku' })).toThrow('unknown buildpack "heroku" (known: dockerfile, static, docker-compose, nixpacks, auto)');
  });

  it('takes a buildpack registered later, with its own config key and schema', () => {
    const later = createBuildpackRegistry(builtinBuildpacks());
    const v = createRequestValidator(later);
    expect(fields(() => v.parse({ ...base, buildpack_type: 'railpack', railpack_config: {} }))).toEqual(['buildpack_type', 'railpack_config']);
    later.register(
      defineBuildpack({
        name: 'railpack',
        configSchema: Type.Object({ start_command: Type.Optional(Type.String()), variables: Type.Optional(Type.Record(Type.String(), Type.String())) }, { additionalProperties: false }),
        build: async ({ imageTag }) => ({ context: '.', tag: imageTag }),
      }),
    );
    const ok = v.parse({ ...base, buildpack_type: 'railpack', railpack_config: { start_command: 'npm start', variables: { NODE_ENV: 'production' } } });
    expect(ok.buildpack.configKey).toBe('railpack_config');
    expect(fields(() => v.parse({ ...base, buildpack_type: 'railpack', railpack_config: { nope: 1 } }))).toEqual(['railpack_config.nope']);
    expect(fields(() => v.parse({ ...base, buildpack_type: 'railpack', dockerfile_config: {} }))).toEqual(['dockerfile_config']);
    expect(fields(() => v.parse({ ...base, buildpack_type: 'nixpacks', nixpacks_config: { nope: 1 } }))).toEqual(['nixpacks_config.nope']);
  });
});

describe('buildpack registry', () => {
  const hello = () => defineBuildpack({ name: 'hello-world', configSchema: Type.Object({}), build: async ({ imageTag }) => ({ context: '.', tag: imageTag }) });

  it('derives the config key and refuses duplicates', () => {
    expect(hello().configKey).toBe('hello_world_config');
    const registry = createBuildpackRegistry([hello()]);
    expect(() => registry.register(hello())).toThrow(ConflictError);
    expect(() => registry.register(defineBuildpack({ name: 'other', configKey: 'hello_world_config', configSchema: Type.Object({}), build: async () => [] }))).toThrow(ConflictError);
    expect(() => defineBuildpack({ name: 'Bad Name', configSchema: Type.Object({}), build: async () => [] })).toThrow(TypeError);
  });

  it('loads modules by path: default export or a named "buildpack"', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mctest-modules-'));
    try {
      await writeFile(path.join(dir, 'a.mjs'), `export default { name: 'mod-a', configKey: 'mod_a_config', configSchema: { type: 'object' }, build: async () => [] };\n`);
      await writeFile(path.join(dir, 'b.mjs'), `export const buildpack = { name: 'mod-b', configKey: 'mod_b_config', configSchema: { type: 'object' }, build: async () => [] };\n`);
      await writeFile(path.join(dir, 'c.mjs'), `export const nothing = 1;\n`);
      const registry = createBuildpackRegistry();
      await loadBuildpackModules(registry, ['./a.mjs', path.join(dir, 'b.mjs')], dir);
      expect(registry.names()).toEqual(['mod-a', 'mod-b']);
      await expect(loadBuildpackModules(registry, ['./c.mjs'], dir)).rejects.toThrow(/exports no buildpack/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('derives per-service tags', () => {
    expect(serviceTag('app:1', 'web')).toBe('app-web:1');
    expect(serviceTag('registry.local:5000/team/app', 'Worker_1')).toBe('registry.local:5000/team/app-worker_1:latest');
  });
});
