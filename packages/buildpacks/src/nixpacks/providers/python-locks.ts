import { parse as parseToml } from 'smol-toml';
import type { ViewEntry, WorkspaceView } from '../workspace-view.js';
import { fileExists } from './common.js';

/** Pinned requirements read from a lock file: `name==version` for each locked package. */
export interface LockedRequirements {
  lockfile: string;
  pins: string[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const VERSION = /^[A-Za-z0-9.+!_-]+$/;

function pin(name: unknown, version: unknown): string | undefined {
  if (typeof name !== 'string' || typeof version !== 'string') return undefined;
  const v = version.replace(/^==/, '');
  return NAME.test(name) && VERSION.test(v) ? `${name}==${v}` : undefined;
}

function tomlPackages(text: string, keep: (p: Record<string, unknown>) => boolean): string[] {
  let data: Record<string, unknown>;
  try {
    data = parseToml(text);
  } catch {
    return [];
  }
  const list = Array.isArray(data.package) ? (data.package as Record<string, unknown>[]) : [];
  return list.filter((p) => typeof p === 'object' && p !== null && keep(p)).flatMap((p) => pin(p.name, p.version) ?? []);
}

const isLocal = (p: Record<string, unknown>) => {
  const source = p.source as Record<string, unknown> | undefined;
  return typeof source === 'object' && source !== null && ('virtual' in source || 'editable' in source || 'directory' in source);
};

/**
 * The pins of the first lock file present: poetry.lock (main packages), uv.lock (registry
 * packages, not the project itself), Pipfile.lock (`default`), pdm.lock. Undefined without one.
 */
export async function readLockedRequirements(view: WorkspaceView, root: ViewEntry[]): Promise<LockedRequirements | undefined> {
  if (fileExists(root, 'poetry.lock')) {
    const pins = tomlPackages((await view.readFile('poetry.lock')) ?? '', (p) => p.category === undefined || p.category === 'main');
    return { lockfile: 'poetry.lock', pins };
  }
  if (fileExists(root, 'uv.lock')) {
    return { lockfile: 'uv.lock', pins: tomlPackages((await view.readFile('uv.lock')) ?? '', (p) => !isLocal(p)) };
  }
  if (fileExists(root, 'Pipfile.lock')) {
    let data: unknown;
    try {
      data = JSON.parse((await view.readFile('Pipfile.lock')) ?? '');
    } catch {
      return undefined;
    }
    const def = (data as { default?: Record<string, { version?: unknown }> } | null)?.default ?? {};
    return { lockfile: 'Pipfile.lock', pins: Object.entries(def).flatMap(([name, v]) => pin(name, v?.version) ?? []) };
  }
  if (fileExists(root, 'pdm.lock')) {
    return { lockfile: 'pdm.lock', pins: tomlPackages((await view.readFile('pdm.lock')) ?? '', () => true) };
  }
  return undefined;
}
