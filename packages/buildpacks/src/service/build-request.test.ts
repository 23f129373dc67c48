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
    const withSsh = createRequestValidator(registry, undefined, { ssh: { keyFile: '/k', knownHostsFile: '/h' } });
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

  it('lists the known buildpacks for an unknown type', () => {
    expect(() => validator.parse({ ...base, buildpack_type: 'heroku' })).toThrow('unknown buildpack "heroku" (known: dockerfile, static, docker-compose, nixpacks)');
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
