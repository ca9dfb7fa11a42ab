import { type ChildProcess, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { percentile } from './stats.js';

export interface HttpCase {
  name: string;
  concurrency: number;
  seconds: number;
  requests: number;
  errors: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface HttpBench {
  server: string;
  cases: HttpCase[];
}

const RECOMMEND = {
  model: 'facebook/opt-2.7b',
  inputTokens: 128,
  outputTokens: 512,
  batchSize: 32,
  requests: 3000,
  sloTps: 400,
  maxPrice: 3,
  instances: 'g6.*',
};

/** `infersave serve --port 0` in its own process (the real server, worker pool included); resolves its URL. */
export function startServe(): Promise<{ url: string; child: ChildProcess }> {
  const main = fileURLToPath(new URL('../../src/adapters/cli/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main, 'serve', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(text)?.[0];
      if (url) resolve({ url, child });
    });
    child.once('exit', (code) => reject(new Error(`infersave serve exited (${code}) before listening`)));
  });
}

/** `concurrency` loops each sending one request after another for `seconds`; latency per request. */
async function load(
  name: string,
  send: () => Promise<Response>,
  concurrency: number,
  seconds: number,
): Promise<HttpCase> {
  for (let i = 0; i < 20; i++) await (await send()).arrayBuffer(); // warm: JIT, worker start
  const latenciesMs: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          const res = await send();
          await res.arrayBuffer();
          if (res.status !== 200) errors++;
        } catch {
          errors++;
        }
        latenciesMs.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  return {
    name,
    concurrency,
    seconds: elapsed,
    requests: latenciesMs.length,
    errors,
    requestsPerSecond: latenciesMs.length / elapsed,
    p50Ms: percentile(latenciesMs, 50),
    p99Ms: percentile(latenciesMs, 99),
  };
}

/**
 * A loopback load test of `infersave serve` (issue 5): requests/s, p50 and p99 for `GET /v1/models` and a
 * fixed small `POST /v1/recommend` (opt-2.7b over g6.*), each for `seconds` at `concurrency` with Node's fetch.
 */
export async function measureHttp(seconds = 5, concurrency = 16): Promise<HttpBench> {
  const { url, child } = await startServe();
  try {
    const models = await load('GET /v1/models', () => fetch(`${url}/v1/models`), concurrency, seconds);
    const body = JSON.stringify(RECOMMEND);
    const recommend = await load(
      'POST /v1/recommend (opt-2.7b, g6.*)',
      () =>
        fetch(`${url}/v1/recommend`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }),
      concurrency,
      seconds,
    );
    return { server: `infersave serve on ${url}, 2 workers`, cases: [models, recommend] };
  } finally {
    child.kill('SIGTERM');
  }
}

export function renderHttpSection(b: HttpBench): string[] {
  return [
    '## HTTP API (loopback)',
    '',
    `${b.server}; the client is Node's fetch in the bench process, a fixed number of requests in flight.`,
    '',
    '| Endpoint | Concurrency | Duration | Requests | Errors | Requests/s | p50 | p99 |',
    '|---|---|---|---|---|---|---|---|',
    ...b.cases.map(
      (c) =>
        `| ${c.name} | ${c.concurrency} | ${c.seconds.toFixed(1)} s | ${c.requests.toLocaleString('en-US')} | ${c.errors} | ${Math.round(c.requestsPerSecond).toLocaleString('en-US')} | ${c.p50Ms.toFixed(1)} ms | ${c.p99Ms.toFixed(1)} ms |`,
    ),
    '',
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const b = await measureHttp(Number(process.env.HTTP_BENCH_SECONDS ?? 5));
  process.stdout.write(`${renderHttpSection(b).join('\n')}\n`);
}
