import type { BuildDetection } from '../records/build-record.js';
import { describe, expect, it } from 'vitest';
import { redactDetection } from './run-build.js';

describe('redactDetection', () => {
  it('redacts a secret that crosses the 1000-character cut before cutting', () => {
    const secret = 'hunter2-very-secret-token';
    const reason = `${'x'.repeat(990)}${secret}`;
    const report = redactDetection({ buildpack_type: 'auto', reason }, [secret]);
    expect(report?.reason).not.toContain('hunter2');
    expect(report?.reason.length).toBeLessThanOrEqual(1000);
  });

  it('ignores a report that is not an object', () => {
    expect(redactDetection(null as unknown as BuildDetection, ['s'])).toBeUndefined();
    expect(redactDetection('node' as unknown as BuildDetection, ['s'])).toBeUndefined();
  });

  it('keeps a valid report as it is', () => {
    expect(redactDetection({ buildpack_type: 'nixpacks', reason: 'package.json', provider: 'node' }, [])).toEqual({
      buildpack_type: 'nixpacks',
      reason: 'package.json',
      provider: 'node',
    });
  });
});
