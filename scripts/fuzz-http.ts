/**
 * Fuzzes the HTTP API in-process: requests generated from each POST endpoint's published schema, mutated
 * from a valid example, or hostile (deep, huge, malformed, wrong type). Every answer must be a documented
 * status with a JSON body (errors with a code) and no negative quantity; nothing may throw.
 *
 *   npm run fuzz                        2,500 requests per POST endpoint (10,000 in all)
 *   npm run fuzz -- --runs 5000 --seed 7
 */
import fc from 'fast-check';
import {
  answerProblem,
  fuzzApp,
  fuzzedEndpoints,
  send,
} from '../src/adapters/http/fixtures/fuzz-endpoints.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(value) ? value : fallback;
}

async function main(): Promise<void> {
  const runs = flag('--runs', 2500);
  const seed = flag('--seed', Date.now() % 1_000_000);
  const app = fuzzApp();
  let failures = 0;
  let total = 0;
  const started = performance.now();
  for (const { path, requests } of fuzzedEndpoints()) {
    const t = performance.now();
    const problems = new Map<string, string>();
    const statuses = new Map<number, number>();
    let slowestMs = 0;
    for (const r of fc.sample(requests, { numRuns: runs, seed })) {
      const t0 = performance.now();
      let problem: string | undefined;
      try {
        const res = await send(app, path, r);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        problem = await answerProblem(res);
      } catch (error) {
        problem = `threw: ${error instanceof Error ? error.message : String(error)}`;
      }
      slowestMs = Math.max(slowestMs, performance.now() - t0);
      total++;
      if (problem) {
        failures++;
        const key = problem.slice(0, 160);
        if (!problems.has(key)) problems.set(key, r.body.slice(0, 400));
      }
    }
    const counts = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    process.stdout.write(
      `${path}: ${runs} requests in ${((performance.now() - t) / 1000).toFixed(1)} s (slowest ${slowestMs.toFixed(0)} ms): ${counts}\n`,
    );
    for (const [problem, body] of problems) process.stdout.write(`  PROBLEM ${problem}\n    body: ${body}\n`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`${total} requests, ${failures} with problems, ${seconds} s (seed ${seed})\n`);
  if (failures > 0) process.exitCode = 1;
}

await main();
