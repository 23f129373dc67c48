import { describe, expectTypeOf, it } from 'vitest';
import type { BuildRequest, BuildRequestFor, BuildpackType } from './build-request-types.js';

declare module './build-request-types.js' {
  interface BuildpackConfigs {
    'test-deno': { test_deno_config?: { entry: string } };
  }
}

describe('BuildRequest', () => {
  it('is discriminated by buildpack_type, and a merged buildpack joins the union', () => {
    const base = { git_repo: 'https://example.com/app.git', image_tag: 'app:1' };
    const requests: BuildRequest[] = [
      { ...base, buildpack_type: 'dockerfile', dockerfile_config: { dockerfile_path: 'Dockerfile' } },
      { ...base, buildpack_type: 'static', static_config: { spa: true } },
      { ...base, buildpack_type: 'test-deno', test_deno_config: { entry: 'main.ts' } },
      // @ts-expect-error a config belongs to its own buildpack only
      { ...base, buildpack_type: 'static', dockerfile_config: { dockerfile_path: 'Dockerfile' } },
      // @ts-expect-error unknown buildpack types do not compile
      { ...base, buildpack_type: 'dockerfle' },
      // @ts-expect-error a config is checked at the call site
      { ...base, buildpack_type: 'test-deno', test_deno_config: { entry: 1 } },
    ];
    expectTypeOf(requests).toBeArray();
    expectTypeOf<'dockerfile' | 'static' | 'docker-compose' | 'nixpacks' | 'auto' | 'test-deno'>().toEqualTypeOf<BuildpackType>();
    expectTypeOf<BuildRequestFor<'static'>['buildpack_type']>().toEqualTypeOf<'static'>();
  });
});
