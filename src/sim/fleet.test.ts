import { describe, expect, it } from 'vitest';
import { TINY_REPLICA } from './fixtures/tiny-replica.js';
import { type TinyRequest, tinyWorkload } from './fixtures/tiny-workload.js';
import { type FleetSchedule, staticFleet } from './fleet.js';
import { simulate } from './simulate.js';

const replica = TINY_REPLICA;

const requests: TinyRequest[] = Array.from({ length: 40 }, (_, k) => ({
  at: k * 0.5,
  input: k % 2 === 0 ? 100 : 800,
  output: k % 3 === 0 ? 20 : 600,
}));

function run(fleet: FleetSchedule, reqs = requests) {
  return simulate({
    workload: tinyWorkload(reqs),
    replicas: 1,
    replica,
    fleet,
    router: 'least-outstanding-tokens',
    seed: 1,
  });
}

describe('simulate with a fleet that changes over time', () => {
  it('a fleet of two always-on replicas gives exactly the plain simulation of two replicas', () => {
    const plain = simulate({
      workload: tinyWorkload(requests),
      replicas: 2,
      replica,
      router: 'least-outstanding-tokens',
      seed: 1,
    });
    const viaFleet = run(staticFleet(2, replica));
    expect(viaFleet.requests.e2eSeconds).toEqual(plain.requests.e2eSeconds);
    expect(viaFleet.requests.replica).toEqual(plain.requests.replica);
    expect(viaFleet.summary.e2eSeconds).toEqual(plain.summary.e2eSeconds);
  });

  it('routes each query type to the pool configured for it', () => {
    const result = run({
      pools: [
        { name: 'short in', replica, queryTypes: ['SISO', 'SILO'] },
        { name: 'long in', replica, queryTypes: ['LISO', 'LILO'] },
      ],
      steps: [{ atSeconds: 0, counts: [1, 1] }],
    });
    requests.forEach((r, i) => {
      expect(result.requests.replica[i]).toBe(r.input > 500 ? 1 : 0);
    });
  });

  it('holds requests at the router until a replica comes into service (scale-up delay), then serves them', () => {
    const result = run({
      pools: [{ name: 'p', replica }],
      steps: [
        { atSeconds: 0, counts: [0] },
        { atSeconds: 5, counts: [1] },
      ],
    });
    expect(result.summary.completed).toBe(requests.length);
    requests.forEach((r, i) => {
      if (r.at < 5) expect((result.requests.ttftSeconds[i] as number) + r.at).toBeGreaterThanOrEqual(5);
    });
  });

  it('a replica taken out of service drains what it holds and takes nothing new', () => {
    const result = run({
      pools: [
        { name: 'old', replica },
        { name: 'new', replica },
      ],
      steps: [
        { atSeconds: 0, counts: [1, 0] },
        { atSeconds: 6, counts: [0, 1] },
      ],
    });
    expect(result.summary.completed).toBe(requests.length);
    requests.forEach((r, i) => {
      expect(result.requests.replica[i]).toBe(r.at < 6 ? 0 : 1);
    });
  });

  it('sends a type with no replica of its own to any replica in service', () => {
    const result = run({
      pools: [{ name: 'siso only', replica, queryTypes: ['SISO'] }],
      steps: [{ atSeconds: 0, counts: [1] }],
    });
    expect(result.summary.completed).toBe(requests.length);
  });

  it('leaves requests unfinished when no replica is ever in service', () => {
    const result = run({
      pools: [{ name: 'p', replica }],
      steps: [
        { atSeconds: 0, counts: [0] },
        { atSeconds: 1, counts: [0] },
      ],
    });
    expect(result.summary.completed).toBe(0);
    expect(result.summary.unfinished).toBe(requests.length);
  });
});
