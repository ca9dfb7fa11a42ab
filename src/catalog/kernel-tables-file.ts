import { z } from 'zod';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { AttentionTable, KernelTables } from '../core/profiled-predictor.js';
import { schemaIssues } from './schema-issues.js';
import { sourcesSchema } from './source-schema.js';

/**
 * data/v1/kernels/<gpuId>.json: one GPU's measured kernel latencies, written by
 * scripts/build-kernel-tables.ts from AIConfigurator's vLLM CSVs. Columnar: sorted axes and a flat
 * row-major latency array in microseconds (null where not measured); parsed into seconds.
 */

const axis = z.array(z.number().positive().finite()).min(1);
const latencies = z.array(z.number().positive().finite().nullable());

const attentionSchema = z.strictObject({
  heads: z.number().int().positive(),
  kvHeads: z.number().int().positive(),
  headDim: z.number().int().positive(),
  batch: axis,
  tokens: axis,
  microseconds: latencies,
});

export const kernelTablesFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  generatedBy: z.string().min(1),
  gpuId: z.string().min(1),
  device: z.string().min(1),
  sources: sourcesSchema,
  filters: z.array(z.string().min(1)),
  gemm: z.strictObject({ m: axis, n: axis, k: axis, microseconds: latencies }),
  prefillAttention: z.array(attentionSchema),
  decodeAttention: z.array(attentionSchema),
  allReduce: z.array(
    z.strictObject({
      gpus: z.number().int().min(2),
      bytes: axis,
      microseconds: z.array(z.number().positive().finite()),
    }),
  ),
});

export type KernelTablesFile = z.infer<typeof kernelTablesFileSchema>;

function axisIssues(values: readonly number[], path: string): Issue[] {
  const unsorted = values.findIndex((v, i) => i > 0 && v <= (values[i - 1] ?? 0));
  return unsorted < 0
    ? []
    : [
        {
          code: 'schema-invalid',
          path: `${path}[${unsorted}]`,
          message: 'axis values must be strictly ascending',
        },
      ];
}

function sizeIssue(length: number, expected: number, path: string): Issue[] {
  return length === expected
    ? []
    : [
        {
          code: 'schema-invalid',
          path,
          message: `${length} latencies for a grid of ${expected} points`,
        },
      ];
}

const SECONDS_PER_MICROSECOND = 1e-6;
const toSeconds = (v: number | null) => (v === null ? null : v * SECONDS_PER_MICROSECOND);

/** Validates a kernel-tables file; every problem comes back as an Issue with its path. Never throws. */
export function parseKernelTablesFile(raw: unknown): Result<KernelTables> {
  const parsed = kernelTablesFileSchema.safeParse(raw);
  if (!parsed.success) return fail(...schemaIssues(parsed.error));
  const file = parsed.data;
  const { gemm } = file;
  const issues: Issue[] = [
    ...axisIssues(gemm.m, 'gemm.m'),
    ...axisIssues(gemm.n, 'gemm.n'),
    ...axisIssues(gemm.k, 'gemm.k'),
    ...sizeIssue(
      gemm.microseconds.length,
      gemm.m.length * gemm.n.length * gemm.k.length,
      'gemm.microseconds',
    ),
  ];
  const attention = (tables: KernelTablesFile['prefillAttention'], name: string): AttentionTable[] =>
    tables.map((t, i) => {
      issues.push(
        ...axisIssues(t.batch, `${name}[${i}].batch`),
        ...axisIssues(t.tokens, `${name}[${i}].tokens`),
        ...sizeIssue(t.microseconds.length, t.batch.length * t.tokens.length, `${name}[${i}].microseconds`),
      );
      const { microseconds, ...shape } = t;
      return { ...shape, seconds: microseconds.map(toSeconds) };
    });
  const prefillAttention = attention(file.prefillAttention, 'prefillAttention');
  const decodeAttention = attention(file.decodeAttention, 'decodeAttention');
  file.allReduce.forEach((t, i) => {
    issues.push(
      ...axisIssues(t.bytes, `allReduce[${i}].bytes`),
      ...sizeIssue(t.microseconds.length, t.bytes.length, `allReduce[${i}].microseconds`),
    );
  });
  if (issues.length > 0) return fail(...issues);
  return ok({
    gpuId: file.gpuId,
    gemm: { m: gemm.m, n: gemm.n, k: gemm.k, seconds: gemm.microseconds.map(toSeconds) },
    prefillAttention,
    decodeAttention,
    allReduce: file.allReduce.map((t) => ({
      gpus: t.gpus,
      bytes: t.bytes,
      seconds: t.microseconds.map((v) => v * SECONDS_PER_MICROSECOND),
    })),
  });
}
