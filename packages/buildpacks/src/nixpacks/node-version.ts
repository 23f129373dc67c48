// A small reading of npm's semver ranges, enough to answer "does `engines.node` admit some
// release of major version M?". Versions become numbers (major·1e6 + minor·1e3 + patch) and
// each comparator a half-open interval; a comparator set is their intersection.

type Interval = [lo: number, hi: number];
const SCALE = [1e6, 1e3, 1] as const;
const ALL: Interval = [0, Number.POSITIVE_INFINITY];

interface Partial {
  parts: number[]; // the numeric parts given, 0 to 3 of them (x/*/missing stop the list)
}

function parseVersion(text: string): Partial | undefined {
  const m = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+][0-9A-Za-z.+-]*)?$/.exec(text);
  if (!m) return undefined;
  const parts: number[] = [];
  for (const p of [m[1], m[2], m[3]]) {
    if (p === undefined || /[xX*]/.test(p)) break;
    parts.push(Number(p));
  }
  return { parts };
}

const value = (parts: number[]) => parts.reduce((sum, n, i) => sum + n * (SCALE[i] ?? 0), 0);
/** The first version past everything the partial version names (`1.2` → 1.3.0). */
const next = (parts: number[]) => {
  if (parts.length === 0) return Number.POSITIVE_INFINITY;
  const bumped = [...parts];
  bumped[bumped.length - 1]! += 1;
  return value(bumped);
};

function comparatorInterval(op: string, v: Partial): Interval {
  const { parts } = v;
  switch (op) {
    case '>=':
      return [value(parts), ALL[1]];
    case '>':
      return parts.length === 0 ? [ALL[1], ALL[1]] : [next(parts), ALL[1]];
    case '<':
      return [0, parts.length === 0 ? 0 : value(parts)];
    case '<=':
      return [0, next(parts)];
    case '^': {
      if (parts.length === 0) return ALL;
      const first = parts.findIndex((n) => n !== 0);
      // ^1.2.3 → <2.0.0; ^0.2.3 → <0.3.0; ^0.0.3 → <0.0.4; ^0.0 → <0.1.0
      const keep = first === -1 || first >= parts.length ? parts.length - 1 : first;
      return [value(parts), next(parts.slice(0, keep + 1))];
    }
    case '~':
      return [value(parts), next(parts.slice(0, Math.min(parts.length, 2)))];
    default:
      return [value(parts), next(parts)];
  }
}

/** The intervals a range admits (one per `||` alternative), or undefined when it cannot be read. */
export function parseNodeRange(range: string): Interval[] | undefined {
  const sets: Interval[] = [];
  for (const alternative of range.split('||')) {
    let text = alternative.trim();
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
    if (hyphen) text = `>=${hyphen[1]} <=${hyphen[2]}`;
    if (text === '' || text === '*' || text === 'latest') {
      sets.push(ALL);
      continue;
    }
    let interval: Interval = ALL;
    const tokens = text.replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1').split(/\s+/);
    for (const token of tokens) {
      const m = /^(>=|<=|>|<|=|\^|~>?)?(.*)$/.exec(token);
      const version = m && parseVersion(m[2] ?? '');
      if (!m || !version) return undefined;
      const [lo, hi] = comparatorInterval((m[1] ?? '').replace('~>', '~'), version);
      interval = [Math.max(interval[0], lo), Math.min(interval[1], hi)];
    }
    sets.push(interval);
  }
  return sets;
}

/** Whether some release with this major version satisfies the range (undefined: unreadable range). */
export function rangeAllowsMajor(range: string, major: number): boolean | undefined {
  const sets = parseNodeRange(range);
  if (sets === undefined) return undefined;
  const lo = major * SCALE[0];
  const hi = (major + 1) * SCALE[0];
  return sets.some(([a, b]) => Math.max(a, lo) < Math.min(b, hi));
}
