import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboardAssets } from '../scripts/build-assets.js';
import { DASHBOARD_CONTENT_SECURITY_POLICY, DASHBOARD_FILES, dashboardAssetsDir } from './index.js';

let out = '';
beforeAll(async () => {
  out = await buildDashboardAssets(mkdtempSync(join(tmpdir(), 'mctest-dashboard-build-')));
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the dashboard build', () => {
  it('writes exactly the files a server serves', () => {
    for (const name of DASHBOARD_FILES) expect(existsSync(join(out, name)), name).toBe(true);
  });

  it('holds under its Content-Security-Policy: nothing inline, nothing from elsewhere, no eval', () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    // Every script and style sheet is a file of its own, loaded from the server.
    expect([...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => [m[1]?.includes('src="./assets/'), m[2]])).toEqual([[true, '']]);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=|javascript:/i);
    expect([...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])).toEqual(['./assets/favicon.svg', './assets/app.css', './assets/app.js']);

    const script = readFileSync(join(out, 'app.js'), 'utf8');
    expect(script.match(/\beval\(|new Function\(|document\.write/)).toBeNull();
    // Preact writes HTML only for dangerouslySetInnerHTML, which the app never uses.
    for (const file of readdirSync(join(import.meta.dirname, 'app'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tsx'))) {
      expect(readFileSync(join(import.meta.dirname, 'app', file), 'utf8'), file).not.toContain('dangerouslySetInnerHTML');
    }
    // URLs in the bundle are XML namespaces and placeholder text, never something it loads.
    const urls = [...script.matchAll(/https?:\/\/[^"'`\s)]+/g)].map((m) => m[0]);
    expect(urls.filter((u) => !/^http:\/\/www\.w3\.org\/|^https:\/\/github\.com\/you\/|^https:\/\/,?$/.test(u))).toEqual([]);
    expect(readFileSync(join(out, 'app.css'), 'utf8')).not.toMatch(/@import|url\(/);
  });

  it('is found beside the package sources, and its policy allows only the server itself', () => {
    expect(dashboardAssetsDir()).toBe(resolve(import.meta.dirname, '..', 'dist', 'public'));
    expect(DASHBOARD_CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(DASHBOARD_CONTENT_SECURITY_POLICY).toContain("form-action 'none'");
    expect(DASHBOARD_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|\*|https?:|data:/);
  });
});
