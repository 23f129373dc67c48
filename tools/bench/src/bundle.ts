import { mkdirSync } from 'node:fs';
import { build, type Plugin } from 'esbuild';
import { repoPath } from './processes.js';

/**
 * Workspace packages are bundled from their sources (as the `@mikrocloud/source` condition
 * resolves them); every other package stays an import from node_modules, as in the published
 * packages' dist files. So servers run on plain `node`, without a TypeScript loader whose worker
 * thread and transpile time would be counted as mikrocloud's.
 */
const externalDependencies: Plugin = {
  name: 'external-dependencies',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@mikrocloud/') ? undefined : { path: args.path, external: true }));
  },
};

/** Bundles entry points (repo-relative) into tools/bench/.cache/<name>.mjs; resolves with the output path of each name. */
export async function bundleEntries(entries: Record<string, string>): Promise<Record<string, string>> {
  const outdir = repoPath('tools/bench/.cache');
  mkdirSync(outdir, { recursive: true });
  const out: Record<string, string> = {};
  await Promise.all(
    Object.entries(entries).map(async ([name, entry]) => {
      const outfile = `${outdir}/${name}.mjs`;
      await build({
        entryPoints: [repoPath(entry)],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        conditions: ['@mikrocloud/source'],
        plugins: [externalDependencies],
        logLevel: 'error',
      });
      out[name] = outfile;
    }),
  );
  return out;
}
