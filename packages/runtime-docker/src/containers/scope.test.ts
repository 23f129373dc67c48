import { Labels } from '@mikrocloud/core';
import { describe, expect, it } from 'vitest';
import { DockerContainerManager } from '../docker-container-manager.js';
import { inScope, managedLabelFilters } from './operations.js';

describe('container scope', () => {
  const managed = { [Labels.managed]: 'true' };
  const mine = { ...managed, [Labels.instance]: 'a' };

  it('sees managed containers only, of its instance when it has one', () => {
    expect(inScope({ includeUnmanaged: false }, managed)).toBe(true);
    expect(inScope({ includeUnmanaged: false }, mine)).toBe(true);
    expect(inScope({ includeUnmanaged: false }, {})).toBe(false);
    expect(inScope({ includeUnmanaged: false }, null)).toBe(false);
    expect(inScope({ includeUnmanaged: false }, { [Labels.managed]: 'yes' })).toBe(false);
    expect(inScope({ instanceId: 'a', includeUnmanaged: false }, mine)).toBe(true);
    expect(inScope({ instanceId: 'a', includeUnmanaged: false }, managed)).toBe(false);
    expect(inScope({ instanceId: 'b', includeUnmanaged: false }, mine)).toBe(false);
    expect(inScope({ instanceId: 'a', includeUnmanaged: false }, { [Labels.instance]: 'a' })).toBe(false);
  });

  it('sees every container with includeUnmanaged', () => {
    expect(inScope({ instanceId: 'a', includeUnmanaged: true }, undefined)).toBe(true);
  });

  it('filters lists by the same labels', () => {
    expect(managedLabelFilters(undefined)).toEqual([`${Labels.managed}=true`]);
    expect(managedLabelFilters('a')).toEqual([`${Labels.managed}=true`, `${Labels.instance}=a`]);
  });

  it('refuses an instance id that is no label value', () => {
    expect(() => new DockerContainerManager({ instanceId: 'a,io.mikrocloud.managed=true' })).toThrow(/instanceId/);
    expect(() => new DockerContainerManager({ instanceId: 'server-1' })).not.toThrow();
  });
});
