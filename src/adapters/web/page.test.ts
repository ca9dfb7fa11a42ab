import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { createApp } from '../http/create-app.js';
import { WEB_ASSETS, webStaticDir } from './page.js';

const app = createApp(fsPlannerData);

describe('web planner serving', () => {
  it('GET / is the planner page, 200 text/html, linking its module and stylesheet', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<form id="plan"');
    expect(html).toContain('src="/assets/planner.js"');
    expect(html).toContain('href="/assets/planner.css"');
    for (const field of [
      'model',
      'inputTokens',
      'outputTokens',
      'batchSize',
      'requests',
      'sloTps',
      'maxPrice',
    ]) {
      expect(html).toContain(`<label for="${field}">`);
    }
  });

  it.each([
    ['/assets/planner.js', /^text\/javascript/, "from './recommend-view.js'"],
    ['/assets/simulate-view.js', /^text\/javascript/, 'export function renderSimulate'],
    ['/assets/latency-view.js', /^text\/javascript/, 'export function renderLatency'],
    ['/assets/capacity-view.js', /^text\/javascript/, 'export function renderCapacity'],
    ['/assets/compare-view.js', /^text\/javascript/, 'export function renderCompare'],
    ['/assets/mix-view.js', /^text\/javascript/, 'export function renderMix'],
    ['/assets/provision-view.js', /^text\/javascript/, 'export function renderProvision'],
    ['/assets/fleet-view.js', /^text\/javascript/, 'export function renderFleet'],
    ['/assets/bodies.js', /^text\/javascript/, 'export function capacityMixBody'],
    ['/assets/trace.js', /^text\/javascript/, 'export function parseTraceCsv'],
    ['/assets/words.js', /^text\/javascript/, 'export function inPageWords'],
    ['/assets/charts.js', /^text\/javascript/, 'export function paretoSvg'],
    ['/assets/planner.css', /^text\/css/, '#tooltip'],
  ])('GET %s is served with its content type', async (path, type, marker) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(type);
    expect(await res.text()).toContain(marker);
  });

  it('unknown assets are the API 404 JSON', async () => {
    const res = await app.request('/assets/nope.js');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not-found');
  });

  it('the static folder is found from the package root and shipped in the npm package', async () => {
    for (const name of Object.keys(WEB_ASSETS)) expect(existsSync(join(webStaticDir(), name))).toBe(true);
    const pkg = (await import('../../../package.json', { with: { type: 'json' } })).default as {
      files: string[];
    };
    expect(pkg.files).toContain('src/adapters/web/static');
  });
});
