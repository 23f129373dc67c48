import { describe, expect, it } from 'vitest';
import { buildahMountAdvisories, buildahWarning } from './buildah-version.js';

describe('buildahMountAdvisories', () => {
  it.each([
    ['1.28.2', ['CVE-2024-1753', 'CVE-2024-9675']],
    ['1.29.3', ['CVE-2024-9675']],
    ['1.33.7', ['CVE-2024-9675']],
    ['1.33.10', []],
    ['1.35.0', ['CVE-2024-1753', 'CVE-2024-9675']],
    ['1.35.4', ['CVE-2024-9675']],
    ['1.37.4', ['CVE-2024-9675']],
    ['1.37.5', []],
    ['1.38.0', []],
    ['1.41.1', []],
    ['2.0.0', []],
    ['not a version', []],
  ])('%s', (version, cves) => {
    expect(buildahMountAdvisories(version).map((a) => a.split(' ')[0])).toEqual(cves);
  });
});

describe('buildahWarning', () => {
  it('names the version, the escapes and what is done about them', () => {
    const warning = buildahWarning('1.28.2', { network: 'bridge', allowUnconfinedMounts: false });
    expect(warning).toContain('buildah 1.28.2');
    expect(warning).toContain('CVE-2024-1753');
    expect(warning).toContain('are refused');
    expect(buildahWarning('1.28.2', { network: 'none', allowUnconfinedMounts: true })).toMatch(/no network.*ALLOWED/);
    expect(buildahWarning('1.38.0', { network: 'bridge', allowUnconfinedMounts: false })).not.toContain('CVE');
    expect(buildahWarning(undefined, { network: 'bridge', allowUnconfinedMounts: false })).toBeUndefined();
  });
});
