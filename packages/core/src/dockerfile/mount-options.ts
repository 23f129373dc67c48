// The judgement of one `RUN --mount=<options>` value. It errs on the side of refusing: every
// reading an engine might give a value (quotes kept or stripped, `\` as a separator or an escape,
// percent-decoded or not) is checked, and a variable that cannot be resolved is refused.

/** Mount types that never take a path from the build's author. */
const CONFINED_TYPES = new Set(['secret', 'ssh', 'tmpfs']);
const PATH_KEYS = ['source', 'src', 'id', 'from'] as const;

/** Options of `findUnconfinedMounts`: what the caller knows of the workspace and of build variables. */
export interface UnconfinedMountOptions {
  /** Whether a workspace-relative path is a symbolic link; called for each prefix of a bind source. */
  isSymlink?: (relativePath: string) => boolean;
  /** Values of build variables the caller vouches for; any other `$` makes a path uncheckable. */
  variables?: Readonly<Record<string, string>>;
  /** Longest Dockerfile read, in characters; a longer one is one problem, unread. Default 1 MiB. */
  maxLength?: number;
}

interface MountOption {
  key: string;
  value: string;
}

/**
 * The options of a mount, `type=bind,source=x` → `[{type, bind}, {source, x}]`. Quotes are
 * dropped before splitting: engines read the value as CSV (`"source=a,b"` is one field) or split
 * it on commas, and dropping them can only turn one field into several, each checked.
 */
function optionsOf(raw: string): MountOption[] {
  const out: MountOption[] = [];
  for (const part of raw.replace(/["']/g, '').split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    out.push({ key: part.slice(0, eq).trim().toLowerCase(), value: part.slice(eq + 1).trim() });
  }
  return out;
}

function valuesOf(options: MountOption[], ...keys: string[]): string[] {
  return options.filter((o) => keys.includes(o.key)).map((o) => o.value);
}

/** `$NAME` and `${NAME}` replaced from `variables`; undefined when any other `$` remains. */
function expand(value: string, variables: Readonly<Record<string, string>>): string | undefined {
  const out = value.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, braced, bare) => {
    const name = (braced ?? bare) as string;
    return Object.hasOwn(variables, name) ? (variables[name] as string) : whole;
  });
  return out.includes('$') ? undefined : out;
}

/**
 * Every reading an engine might give a path: `\` as a separator or an escape, percent-decoded up to
 * three times.
 */
function readingsOf(value: string): Set<string> {
  const readings = new Set([value, value.replace(/\\/g, '/'), value.replace(/\\/g, '')]);
  for (const reading of [...readings]) {
    let decoded = reading;
    for (let round = 0; round < 3; round++) {
      let next: string;
      try {
        next = decodeURIComponent(decoded);
      } catch {
        break;
      }
      if (next === decoded) break;
      decoded = next;
      readings.add(decoded.replace(/\\/g, '/'));
      readings.add(decoded);
    }
  }
  return readings;
}

type PathShape = { kind: 'absolute' } | { kind: 'climbs' } | { kind: 'inside'; segments: string[] };

/** A path's shape after lexical normalisation. */
function shapeOf(path: string): PathShape {
  if (path.startsWith('/')) return { kind: 'absolute' };
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return { kind: 'climbs' };
      segments.pop();
    } else {
      segments.push(segment);
    }
  }
  return { kind: 'inside', segments };
}

/** The shapes of every reading of a path, worst first: absolute, climbs, then the plain reading. */
function worstShape(value: string): PathShape {
  const shapes = [...readingsOf(value)].map(shapeOf);
  return (
    shapes.find((s) => s.kind === 'absolute') ??
    shapes.find((s) => s.kind === 'climbs') ??
    shapeOf(value.replace(/\\/g, '/'))
  );
}

/**
 * Why a mount cannot be confined by an engine that takes its paths at their word (buildah before
 * its CVE-2024-1753 and CVE-2024-9675 fixes), or an empty list when it can be.
 */
export function judgeMount(raw: string, judgement: UnconfinedMountOptions = {}): string[] {
  const options = optionsOf(raw);
  const declared = valuesOf(options, 'type').map((t) => t.toLowerCase());
  const types = new Set(declared.length === 0 ? ['bind'] : declared);
  const reasons: string[] = [];
  for (const type of types) {
    if (CONFINED_TYPES.has(type)) continue;
    if (type !== 'bind' && type !== 'cache') {
      reasons.push(`unknown mount type "${type}"`);
      continue;
    }
    reasons.push(...judgePaths(type, options, judgement));
  }
  return [...new Set(reasons)];
}

function judgePaths(type: 'bind' | 'cache', options: MountOption[], judgement: UnconfinedMountOptions): string[] {
  const reasons: string[] = [];
  const expanded = new Map<string, string>();
  for (const { key, value } of options) {
    if (!(PATH_KEYS as readonly string[]).includes(key)) continue;
    const plain = expand(value, judgement.variables ?? {});
    if (plain === undefined) {
      reasons.push(`${key} "${value}" uses a variable, which cannot be checked before the build`);
      continue;
    }
    expanded.set(key, plain);
    const shape = worstShape(plain);
    if (shape.kind === 'absolute') reasons.push(`${key} "${value}" is an absolute path`);
    if (shape.kind === 'climbs') reasons.push(`${key} "${value}" climbs out with ".."`);
  }
  if (reasons.length > 0) return reasons;

  const from = expanded.get('from');
  const source = expanded.get('source') ?? expanded.get('src');
  const sourceShape = source === undefined ? undefined : worstShape(source);
  const sourceSegments = sourceShape?.kind === 'inside' ? sourceShape.segments : [];

  if (from !== undefined && from !== '' && sourceSegments.length > 0) {
    // The stage or image was built or published by the same author, who can plant a link anywhere in it.
    reasons.push(`source "${source}" is a path inside "${from}", which may cross a link planted there`);
  }
  if (type === 'cache') {
    // Caches share one directory on the host; a nested id can cross a link an earlier step left in a parent cache.
    // Without an id, engines key the cache by its target (`/root/.npm` → `root/.npm`).
    const target = valuesOf(options, 'target', 'dst', 'destination').at(-1) ?? '';
    const id = expanded.get('id') || target.replace(/^[/\\]+/, '');
    const idShape = worstShape(id);
    if (idShape.kind === 'inside' && idShape.segments.length !== 1) {
      reasons.push(
        idShape.segments.length === 0
          ? `the cache id "${id}" names the directory every cache shares`
          : `the cache id "${id}" is a nested path (give the cache a one-word id, e.g. id=npm)`,
      );
    }
    if (from === undefined && sourceSegments.length > 0) {
      reasons.push(`source "${source}" is a path inside a shared cache`);
    }
  }
  if (type === 'bind' && (from === undefined || from === '') && judgement.isSymlink) {
    for (let i = 1; i <= sourceSegments.length; i++) {
      const prefix = sourceSegments.slice(0, i).join('/');
      if (judgement.isSymlink(prefix)) {
        reasons.push(`source "${source}" goes through the symbolic link "${prefix}"`);
        break;
      }
    }
  }
  return reasons;
}
