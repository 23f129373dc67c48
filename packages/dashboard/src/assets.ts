import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The files the dashboard build writes, by name; a server serves these and nothing else. */
export const DASHBOARD_FILES = ['index.html', 'app.js', 'app.css', 'favicon.svg'] as const;

/**
 * The Content-Security-Policy the dashboard page runs under: its own scripts, styles and API
 * only. The build emits no inline script or style, so nothing here needs `'unsafe-inline'`;
 * forms post nowhere (`form-action 'none'`), so a token typed into the page can never reach a URL.
 */
export const DASHBOARD_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  // No code of the page writes HTML or script from strings; the browser enforces it (Trusted Types).
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

/**
 * The folder holding the built dashboard (`index.html`, `app.js`, `app.css`, `favicon.svg`): `dist/public` of
 * this package. It exists once the package is built (`npm run build -w @mikrocloud/dashboard`);
 * an installed package always has it.
 *
 * @example
 * const dir = dashboardAssetsDir();
 * const html = await readFile(join(dir, 'index.html'), 'utf8');
 */
export function dashboardAssetsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // From the sources (the workspace's `@mikrocloud/source` condition) the build is beside them.
  return basename(here) === 'src' ? join(here, '..', 'dist', 'public') : join(here, 'public');
}
