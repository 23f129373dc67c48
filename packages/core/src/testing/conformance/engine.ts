import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from './context.js';

/** Registers the cases for ping and info. */
export function describeEngineCases(ctx: ConformanceContext): void {
  describe('engine', () => {
    it('answers ping', async () => {
      await expect(ctx.manager.ping()).resolves.toBeUndefined();
    });

    it('reports runtime, version and how it was reached in info', async () => {
      const info = await ctx.manager.info();
      expect(info.runtime).toBe(ctx.manager.runtime);
      expect(info.version).toMatch(/\S/);
      expect(info.api_version).toMatch(/\S/);
      expect(typeof info.rootless).toBe('boolean');
      expect(info.socket_path).toBe(ctx.manager.socketPath);
      expect(Array.isArray(info.warnings)).toBe(true);
      expect(Number.isInteger(info.cpus)).toBe(true);
    });
  });
}
