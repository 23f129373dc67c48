// Bundles the browser app (Preact + the typed client) into dist/public: index.html, app.js,
// app.css and favicon.svg. Nothing is fetched from elsewhere at run time and nothing is inline,
// so the page holds under DASHBOARD_CONTENT_SECURITY_POLICY.
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const packageRoot = dirname(dirname(fileURLToPath(import.meta.url)));

/** Writes the dashboard's assets into `outDir` (default: dist/public) and resolves with its path. */
export async function buildDashboardAssets(outDir = join(packageRoot, 'dist', 'public')): Promise<string> {
  await mkdir(outDir, { recursive: true });
  await build({
    absWorkingDir: packageRoot,
    entryPoints: { app: 'src/app/main.tsx' },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome111', 'firefox111', 'safari16.4'],
    // Workspace packages (the client) are bundled from their sources, so no prior build is needed.
    conditions: ['@mikrocloud/source'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'process.env.NODE_ENV': '"production"' },
    minify: true,
    legalComments: 'eof',
    charset: 'utf8',
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'favicon.svg']) await copyFile(join(packageRoot, 'src', 'app', file), join(outDir, file));
  return outDir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = await buildDashboardAssets();
  process.stdout.write(`dashboard assets written to ${dir}\n`);
}
