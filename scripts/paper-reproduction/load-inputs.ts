import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fsPlannerData } from '../../src/adapters/fs/fs-planner-data.js';
import type { GpuEntry } from '../../src/catalog/gpu-file-schema.js';
import { gpuEntryToSpec } from '../../src/catalog/parse-gpu-file.js';
import type { Result } from '../../src/core/issue.js';
import { paperGpu } from '../build-data/paper.js';
import { sharedData } from '../build-data/shared-data.js';
import type { MeasuredFile, ReproductionInputs } from './reproduce.js';

function value<T>(r: Result<T>, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${JSON.stringify(r.issues)}`);
  return r.value;
}

/**
 * Everything the reproduction needs: built-in data, the paper's measured points, and Table IV's
 * labelled GPU figures (read from the shared data directory, so only scripts and tests use this).
 */
export function loadReproductionInputs(repoRoot: string, sharedDir: string): ReproductionInputs {
  const models = value(fsPlannerData.models(), 'models');
  const model = models.find((m) => m.id === 'facebook/opt-2.7b');
  if (!model) throw new Error('facebook/opt-2.7b missing from the model catalog');
  const catalog = value(fsPlannerData.catalog('paper-2025'), 'paper-2025 catalog');
  const efficiency = value(fsPlannerData.efficiency(), 'efficiency');
  const measured = JSON.parse(
    readFileSync(join(repoRoot, 'test', 'golden', 'paper-2025-measured.json'), 'utf8'),
  ) as MeasuredFile;
  const gpuFile = JSON.parse(readFileSync(join(repoRoot, 'data', 'v1', 'gpus.json'), 'utf8')) as {
    gpus: GpuEntry[];
  };
  const shared = sharedData(sharedDir);
  const paperLabelledGpus = shared.csv('infersave-paper/paper_table_IV_instances.csv').map((row) => {
    const id = { L40s: 'L40S' }[row.gpu_type ?? ''] ?? row.gpu_type ?? '';
    const entry = gpuFile.gpus.find((g) => g.id === id);
    if (!entry) throw new Error(`gpus.json lacks ${id}`);
    return gpuEntryToSpec(paperGpu(row, entry));
  });
  const flexgen = value(fsPlannerData.engines?.() ?? { ok: true, value: [], warnings: [] }, 'engines').find(
    (e) => e.id === 'flexgen',
  );
  if (!flexgen?.flexgenCostModel)
    throw new Error('the flexgen engine or its cost model is missing from data/v1');
  return { model, catalog, efficiency, measured, paperLabelledGpus, flexgen };
}
