import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerProblem, fuzzApp, fuzzedEndpoints, send } from './fixtures/fuzz-endpoints.js';

/**
 * Issue 12 part 1 in CI: 2,000 generated requests per POST endpoint (from the schema the OpenAPI
 * document publishes, mutations of a valid example, and hostile bodies). `npm run fuzz` runs more,
 * with any seed. The seed is fixed here so a failure is reproducible: `npm run fuzz -- --seed 2026`.
 */
const RUNS_PER_ENDPOINT = 2000;
const SEED = 2026;

describe('HTTP API under 2,000 fuzzed requests per POST endpoint', () => {
  const app = fuzzApp();
  for (const { path, requests } of fuzzedEndpoints()) {
    it(`${path} answers every one with a documented status and a JSON body (errors with a code), never a negative quantity`, async () => {
      const problems: string[] = [];
      for (const r of fc.sample(requests, { numRuns: RUNS_PER_ENDPOINT, seed: SEED })) {
        const problem = await answerProblem(await send(app, path, r));
        if (problem !== undefined && problems.length < 5)
          problems.push(`${problem}\n  body: ${r.body.slice(0, 300)}`);
      }
      expect(problems).toEqual([]);
    });
  }
});
