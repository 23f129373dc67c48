import { mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBuildpackRegistry } from '../plugin/registry.js';
import { createRequestValidator } from '../service/build-request.js';
import { writeTree } from '../testing/support.js';
import { BuildWorkspace } from '../workspace/workspace.js';
import { detectBuildpack } from './auto.js';
import { builtinBuildpacks } from './builtins.js';

let dir: string;
let workspace: BuildWorkspace;
beforeEach(async () => {
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'mctest-auto-')));
  workspace = new BuildWorkspace(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const auto = () => builtinBuildpacks().find((b) => b.name === 'auto')!;
const ctx = (config: unknown = {}) => ({ workspace, config, imageTag: 'app:1', buildId: 'b1', log: () => {}, signal: new AbortController().signal });

describe('auto buildpack', () => {
  it('prefers a Dockerfile, then a compose file with one buildable service, then nixpacks', async () => {
    await writeTree(dir, { 'package.json': '{"scripts":{"start":"node i.js"}}', 'compose.yaml': 'services:\n  web:\n    build: .\n  db:\n    image: postgres\n' });
    expect(await detectBuildpack(workspace)).toEqual({ buildpack_type: 'docker-compose', reason: 'compose.yaml has one service with a build section (web)' });
    await writeTree(dir, { Dockerfile: 'FROM busybox:latest\n' });
    expect((await detectBuildpack(workspace)).buildpack_type).toBe('dockerfile');
  });

  it('falls back to nixpacks, saying why the compose file was not used', async () => {
    await writeTree(dir, { 'index.js': '', 'package.json': '{}', 'docker-compose.yml': 'services:\n  a:\n    build: ./a\n  b:\n    build: ./b\n' });
    const detected = await detectBuildpack(workspace);
    expect(detected.buildpack_type).toBe('nixpacks');
    expect(detected.reason).toMatch(/docker-compose\.yml was not used: it has 2 services with a build section/);
  });

  it('answers the plan with what it detected and the chosen buildpack plan, and logs the choice when building', async () => {
    await writeTree(dir, { 'main.go': 'package main\nfunc main() {}\n' });
    const reports: unknown[] = [];
    const plan = (await auto().plan!({ ...ctx({ nixpacks_config: { variables: { A: '1' } } }), detected: (d: unknown) => reports.push(d) })) as { provider: string; variables: unknown[] };
    expect(plan.provider).toBe('go');
    expect(plan.variables).toHaveLength(1);
    // The choice first, then the same choice with the provider nixpacks found.
    expect(reports).toEqual([
      { buildpack_type: 'nixpacks', reason: expect.stringMatching(/^no Dockerfile/) },
      { buildpack_type: 'nixpacks', reason: expect.stringMatching(/^no Dockerfile/), provider: 'go' },
    ]);
    const lines: string[] = [];
    reports.length = 0;
    await auto().build({ ...ctx(), log: (l: string) => lines.push(l), detected: (d: unknown) => reports.push(d) });
    expect(lines[0]).toMatch(/^auto: using the nixpacks buildpack: no Dockerfile/);
    expect(reports.at(-1)).toMatchObject({ buildpack_type: 'nixpacks', provider: 'go' });
  });

  it('plans null for a buildpack that builds what the repository describes, and reports the choice', async () => {
    await writeTree(dir, { Dockerfile: 'FROM busybox:latest\n' });
    const reports: unknown[] = [];
    expect(await auto().plan!({ ...ctx(), detected: (d: unknown) => reports.push(d) })).toBeNull();
    expect(reports).toEqual([{ buildpack_type: 'dockerfile', reason: 'the repository has a Dockerfile at its root' }]);
  });

  it('is accepted by the request validator, with nixpacks settings under auto_config', () => {
    const validator = createRequestValidator(createBuildpackRegistry(builtinBuildpacks()));
    const base = { git_repo: 'https://example.com/a.git', buildpack_type: 'auto', image_tag: 'app:1' };
    expect(validator.parse({ ...base, auto_config: { nixpacks_config: { start_command: 'node x.js' } } }).buildpack.name).toBe('auto');
    expect(() => validator.parse({ ...base, auto_config: { nixpacks_config: { start_command: 'a\nb' } } })).toThrow(/start_command/);
  });
});
