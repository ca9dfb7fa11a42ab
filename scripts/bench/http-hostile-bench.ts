import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startServe } from './http-bench.js';
import { percentile } from './stats.js';

/** A valid, small recommend: the request whose latency must hold up while hostile clients run. */
const VALID = JSON.stringify({
  model: 'facebook/opt-2.7b',
  inputTokens: 128,
  outputTokens: 512,
  batchSize: 32,
  requests: 3000,
  sloTps: 400,
  maxPrice: 3,
  instances: 'g6.*',
});

/** What the hostile clients send, in turn: each a kind of request the server must shed or survive. */
const HOSTILE: { name: string; path: string; body: string }[] = [
  {
    name: 'deep JSON (issue 12 repro)',
    path: '/v1/predict',
    body: `${'{"a":'.repeat(6000)}1${'}'.repeat(6000)}`,
  },
  { name: 'deep array', path: '/v1/recommend', body: '['.repeat(60_000) },
  { name: 'over the body limit', path: '/v1/recommend', body: `{"model":"${'m'.repeat(70_000)}"}` },
  { name: 'malformed', path: '/v1/simulate', body: '{"model": "x", "rate": ' },
  {
    name: 'largest simulate allowed (100,000 requests)',
    path: '/v1/simulate',
    body: JSON.stringify({
      model: 'meta-llama/Llama-3.1-8B',
      instance: 'g6e.xlarge',
      rate: 1000,
      requests: 100_000,
      inputTokens: '128-8000',
      outputTokens: '32-4000',
    }),
  },
  {
    name: 'largest recommend grid',
    path: '/v1/recommend',
    body: JSON.stringify({
      model: 'meta-llama/Llama-3.1-70B',
      inputTokens: 32000,
      outputTokens: 512,
      batchSize: 256,
      sloTps: 400,
      precision: 'fp32,bf16,fp16,fp8,int8,int4',
    }),
  },
];

/** POST over node:http from a chosen loopback source address (each address is one client to the server). */
function post(url: string, path: string, body: string, localAddress: string): Promise<number> {
  const target = new URL(path, url);
  return new Promise((resolve) => {
    const req = request(
      target,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

export interface HostileBench {
  validIdle: { p50Ms: number; p99Ms: number; requests: number };
  validUnderAttack: { p50Ms: number; p99Ms: number; requests: number; errors: number };
  hostile: { name: string; sent: number; statuses: Record<string, number> }[];
  slowdownP50: number;
}

async function timeValid(url: string, seconds: number): Promise<{ ms: number[]; errors: number }> {
  const ms: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t = performance.now();
    const status = await post(url, '/v1/recommend', VALID, '127.0.0.1');
    ms.push(performance.now() - t);
    if (status !== 200) errors++;
  }
  return { ms, errors };
}

/**
 * A valid recommend's latency on an idle `infersave serve`, then while `hostileClients` other clients
 * (each its own loopback address) send the hostile requests above back to back: issue 12 asks that the
 * valid request be answered within a few times its normal time, and that the server keep serving.
 */
export async function measureHostile(seconds = 10, hostileClients = 4): Promise<HostileBench> {
  const { url, child } = await startServe();
  try {
    for (let i = 0; i < 10; i++) await post(url, '/v1/recommend', VALID, '127.0.0.1'); // warm
    const idle = await timeValid(url, seconds / 2);
    const counts = HOSTILE.map((h) => ({ name: h.name, sent: 0, statuses: {} as Record<string, number> }));
    let attacking = true;
    const attackers = Array.from({ length: hostileClients }, async (_, c) => {
      let i = c;
      while (attacking) {
        const h = HOSTILE[i++ % HOSTILE.length] as (typeof HOSTILE)[number];
        const status = await post(url, h.path, h.body, `127.0.0.${c + 2}`);
        const count = counts.find((x) => x.name === h.name);
        if (count) {
          count.sent++;
          count.statuses[status] = (count.statuses[status] ?? 0) + 1;
        }
      }
    });
    await new Promise((r) => setTimeout(r, 1000));
    const busy = await timeValid(url, seconds);
    attacking = false;
    await Promise.all(attackers);
    const health = await fetch(`${url}/healthz`);
    if (health.status !== 200) throw new Error('the server stopped answering /healthz');
    const idleP50 = percentile(idle.ms, 50);
    const busyP50 = percentile(busy.ms, 50);
    return {
      validIdle: { p50Ms: idleP50, p99Ms: percentile(idle.ms, 99), requests: idle.ms.length },
      validUnderAttack: {
        p50Ms: busyP50,
        p99Ms: percentile(busy.ms, 99),
        requests: busy.ms.length,
        errors: busy.errors,
      },
      hostile: counts,
      slowdownP50: busyP50 / idleP50,
    };
  } finally {
    child.kill('SIGTERM');
  }
}

export function renderHostileSection(b: HostileBench): string[] {
  return [
    '## HTTP API under hostile load (loopback)',
    '',
    'A valid `POST /v1/recommend` (opt-2.7b over g6.*) sent one after another from 127.0.0.1, first on an idle',
    '`infersave serve` (2 workers), then while 4 other clients (127.0.0.2–5) send the requests below back to back.',
    '',
    '| Valid recommend | Requests | Errors | p50 | p99 |',
    '|---|---|---|---|---|',
    `| idle server | ${b.validIdle.requests} | 0 | ${b.validIdle.p50Ms.toFixed(1)} ms | ${b.validIdle.p99Ms.toFixed(1)} ms |`,
    `| under hostile load | ${b.validUnderAttack.requests} | ${b.validUnderAttack.errors} | ${b.validUnderAttack.p50Ms.toFixed(1)} ms | ${b.validUnderAttack.p99Ms.toFixed(1)} ms |`,
    '',
    `Slowdown of the valid request's p50: ${b.slowdownP50.toFixed(1)}×; /healthz answered 200 afterwards.`,
    '',
    '| Hostile request | Sent | Answers (status×count) |',
    '|---|---|---|',
    ...b.hostile.map(
      (h) =>
        `| ${h.name} | ${h.sent} | ${Object.entries(h.statuses)
          .map(([s, n]) => `${s}×${n}`)
          .join(' ')} |`,
    ),
    '',
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const b = await measureHostile(Number(process.env.HTTP_BENCH_SECONDS ?? 10));
  process.stdout.write(`${renderHostileSection(b).join('\n')}\n`);
}
