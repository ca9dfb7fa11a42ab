import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on a module given by its URL without extension: the compiled `.js` when this
 * file runs compiled, else the `.ts` source (tests, `tsx`) loaded through tsx's register API — Node 20
 * workers do not apply `--import` hooks to their entry module.
 */
export function spawnModuleWorker(base: URL, options: WorkerOptions = {}): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(`${base.href}.${fromSource ? 'ts' : 'js'}`);
  if (!fromSource) return new Worker(url, options);
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const code = `import(${JSON.stringify(api)}).then((t) => { (t.register ?? t.default.register)(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(code, { ...options, eval: true });
}
