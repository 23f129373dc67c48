// Buildah releases that let a Dockerfile's `RUN --mount` reach host paths, by advisory. A release
// line is fixed from the version given; a line not listed is affected up to the first fix after it.

interface Advisory {
  cve: string;
  what: string;
  /** First fixed version of each release line (`major.minor` → patch), and of all later lines. */
  fixedIn: Record<string, number>;
  fixedFrom: [number, number, number];
}

const ADVISORIES: Advisory[] = [
  {
    // GHSA-pmf3-c36m-g5cf
    cve: 'CVE-2024-1753',
    what: 'bind mounts reach host paths',
    fixedIn: { '1.24': 7, '1.27': 4, '1.29': 3, '1.31': 5, '1.32': 3, '1.33': 7, '1.34': 3, '1.35': 1 },
    fixedFrom: [1, 35, 1],
  },
  {
    // GHSA-586p-749j-fhwp
    cve: 'CVE-2024-9675',
    what: 'cache mounts reach host paths',
    fixedIn: { '1.26': 8, '1.33': 10, '1.37': 5 },
    fixedFrom: [1, 38, 0],
  },
];

function parse(version: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

function before(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  return false;
}

/** The advisories (CVE ids with what they allow) a buildah version is affected by, going by its number. */
export function buildahMountAdvisories(version: string): string[] {
  const v = parse(version);
  if (!v) return [];
  return ADVISORIES.filter((a) => {
    if (!before(v, a.fixedFrom)) return false;
    const patch = a.fixedIn[`${v[0]}.${v[1]}`];
    return patch === undefined || v[2] < patch;
  }).map((a) => `${a.cve} (${a.what})`);
}

/**
 * The `info().warnings` entry about Podman's builder: its version, and whether mikrocloud
 * refuses the mounts it cannot confine. Always present for a known version, so that `info()`
 * shows the build isolation in force.
 */
export function buildahWarning(
  version: string | undefined,
  { network, allowUnconfinedMounts }: { network: 'bridge' | 'none'; allowUnconfinedMounts: boolean },
): string | undefined {
  if (!version) return undefined;
  const advisories = buildahMountAdvisories(version);
  const steps = network === 'none' ? 'build steps have no network' : 'build steps run on a private network';
  if (advisories.length === 0) {
    return `builds use buildah ${version}; ${steps}; RUN --mount forms it cannot confine are ${allowUnconfinedMounts ? 'allowed (allowUnconfinedMounts)' : 'refused'}`;
  }
  return (
    `builds use buildah ${version}, which by its version has known mount escapes: ${advisories.join(', ')}; ${steps}; ` +
    (allowUnconfinedMounts
      ? 'RUN --mount forms it cannot confine are ALLOWED (allowUnconfinedMounts): a Dockerfile can read and write host files'
      : 'RUN --mount forms it cannot confine are refused (unless allowUnconfinedMounts), but upgrading Podman is advised')
  );
}
