import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { findPackageRoot } from '../fs/package-root.js';

/** The planner's static files and their content types (served at `/` and `/assets/<name>`). */
export const WEB_ASSETS = {
  'index.html': 'text/html; charset=utf-8',
  'planner.js': 'text/javascript; charset=utf-8',
  'charts.js': 'text/javascript; charset=utf-8',
  'words.js': 'text/javascript; charset=utf-8',
  'recommend-view.js': 'text/javascript; charset=utf-8',
  'simulate-view.js': 'text/javascript; charset=utf-8',
  'latency-view.js': 'text/javascript; charset=utf-8',
  'capacity-view.js': 'text/javascript; charset=utf-8',
  'compare-view.js': 'text/javascript; charset=utf-8',
  'mix-view.js': 'text/javascript; charset=utf-8',
  'provision-view.js': 'text/javascript; charset=utf-8',
  'fleet-view.js': 'text/javascript; charset=utf-8',
  'bodies.js': 'text/javascript; charset=utf-8',
  'trace.js': 'text/javascript; charset=utf-8',
  'planner.css': 'text/css; charset=utf-8',
} as const;
type AssetName = keyof typeof WEB_ASSETS;

/**
 * `src/adapters/web/static` under the package root: the files are not compiled, so the same folder
 * serves under tsx/vitest (src) and after `tsc` (dist/src); package.json `files` ships it.
 */
export function webStaticDir(): string {
  const root = findPackageRoot(import.meta.url);
  if (root === undefined) throw new Error('web planner: cannot find the infersave package root');
  return join(root, 'src', 'adapters', 'web', 'static');
}

const cache = new Map<AssetName, string>();
function asset(name: AssetName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(webStaticDir(), name), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** Serves the web planner: GET / (the page) and GET /assets/<name> for each of WEB_ASSETS. */
export function mountWebPlanner(app: Hono): void {
  const send = (name: AssetName) =>
    new Response(asset(name), {
      status: 200,
      headers: { 'content-type': WEB_ASSETS[name], 'cache-control': 'no-cache' },
    });
  app.get('/', () => send('index.html'));
  for (const name of Object.keys(WEB_ASSETS) as AssetName[]) {
    if (name !== 'index.html') app.get(`/assets/${name}`, () => send(name));
  }
}
