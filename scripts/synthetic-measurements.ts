/**
 * Writes test/fixtures/measurements/llama-3.1-8b-h100-synthetic.json: the step times an H100 would show
 * if it followed the roofline predictor with CTCF α = 1.3, β = 20 µs per layer in both stages, ±1 %
 * noise and two gross outliers. The README's `infersave calibrate` example runs on it.
 * Run: npx tsx scripts/synthetic-measurements.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fsPlannerData } from '../src/adapters/fs/fs-planner-data.js';
import { syntheticMeasurement } from '../src/app/fixtures/synthetic-measurements.js';
import { createPredictor } from '../src/app/predictors.js';

const models = fsPlannerData.models();
const gpus = fsPlannerData.gpus();
const efficiency = fsPlannerData.efficiency();
if (!models.ok || !gpus.ok || !efficiency.ok) throw new Error('built-in data did not load');
const model = models.value.find((m) => m.id === 'meta-llama/Llama-3.1-8B');
const gpu = gpus.value.find((g) => g.id === 'H100-SXM');
if (!model || !gpu) throw new Error('Llama-3.1-8B or H100-SXM missing from the catalog');
const truth = { alpha: 1.3, betaSeconds: 20e-6 };
const measurement = syntheticMeasurement({
  model,
  gpu,
  precision: 'bf16',
  predictor: createPredictor('roofline', efficiency.value),
  truth: { prefill: truth, decode: truth },
  noise: 0.01,
  seed: 2025,
  outliers: [
    { index: 7, factor: 3 },
    { index: 38, factor: 2.5 },
  ],
});
const out = join(
  import.meta.dirname,
  '..',
  'test',
  'fixtures',
  'measurements',
  'llama-3.1-8b-h100-synthetic.json',
);
writeFileSync(out, `${JSON.stringify(measurement, null, 2)}\n`);
console.log(`wrote ${out}: ${measurement.samples.length} samples`);
