import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateTerms, type MilpModel, milpViolations } from '../../optimize/milp.js';
import { loadHighsSolver } from './highs-milp-solver.js';

const solver = await loadHighsSolver();

/** max Σ value·x subject to Σ weight·x ≤ capacity, x ∈ {0..2}: the brute-force optimum over 3^n choices. */
function knapsack(values: number[], weights: number[], capacity: number): MilpModel {
  return {
    sense: 'maximize',
    objective: values.map((v, i) => ({ variable: `item ${i}`, coefficient: v })),
    variables: values.map((_, i) => ({ name: `item ${i}`, upper: 2, integer: true })),
    constraints: [
      {
        name: 'weight',
        terms: weights.map((w, i) => ({ variable: `item ${i}`, coefficient: w })),
        upper: capacity,
      },
    ],
  };
}

function bruteForce(values: number[], weights: number[], capacity: number): number {
  let best = 0;
  const n = values.length;
  for (let code = 0; code < 3 ** n; code++) {
    let c = code;
    let v = 0;
    let w = 0;
    for (let i = 0; i < n; i++) {
      const x = c % 3;
      c = Math.floor(c / 3);
      v += x * (values[i] as number);
      w += x * (weights[i] as number);
    }
    if (w <= capacity && v > best) best = v;
  }
  return best;
}

describe('HiGHS MILP adapter', () => {
  it('solves the README workshop model: 20 chairs and 10 tables for a profit of 1100', () => {
    const result = solver.solve({
      sense: 'maximize',
      objective: [
        { variable: 'chairs', coefficient: 30 },
        { variable: 'tables', coefficient: 50 },
      ],
      variables: [
        { name: 'chairs', integer: true },
        { name: 'tables', integer: true },
      ],
      constraints: [
        {
          name: 'carpentry',
          terms: [
            { variable: 'chairs', coefficient: 1 },
            { variable: 'tables', coefficient: 2 },
          ],
          upper: 40,
        },
        {
          name: 'finishing',
          terms: [
            { variable: 'chairs', coefficient: 2 },
            { variable: 'tables', coefficient: 1 },
          ],
          upper: 50,
        },
      ],
    });
    expect(result).toMatchObject({
      status: 'optimal',
      provenOptimal: true,
      objective: 1100,
      values: { chairs: 20, tables: 10 },
    });
  });

  it('reports infeasibility as a status, not an exception', () => {
    const result = solver.solve({
      sense: 'minimize',
      objective: [{ variable: 'x', coefficient: 1 }],
      variables: [{ name: 'x', upper: 1, integer: true }],
      constraints: [{ name: 'impossible', terms: [{ variable: 'x', coefficient: 1 }], lower: 2 }],
    });
    expect(result.status).toBe('infeasible');
    expect(result.provenOptimal).toBe(false);
  });

  it('matches brute force on random small integer knapsacks, with a feasible answer', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 20 })), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.integer({ min: 0, max: 60 }),
        (items, capacity) => {
          const values = items.map(([v]) => v);
          const weights = items.map(([, w]) => w);
          const model = knapsack(values, weights, capacity);
          const result = solver.solve(model);
          expect(result.status).toBe('optimal');
          expect(milpViolations(model, result.values)).toEqual([]);
          expect(evaluateTerms(model.objective, result.values)).toBe(bruteForce(values, weights, capacity));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('refuses a model that names an undeclared variable', () => {
    expect(() =>
      solver.solve({
        sense: 'minimize',
        objective: [{ variable: 'ghost', coefficient: 1 }],
        variables: [{ name: 'x' }],
        constraints: [],
      }),
    ).toThrow(/unknown variable ghost/);
  });
});
