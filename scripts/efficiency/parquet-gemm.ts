import { readFileSync } from 'node:fs';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { GemmRow } from './tables.js';

/**
 * GEMM rows of AIConfigurator's unfiltered vLLM kernel database (gemm_perf.parquet, ZSTD pages; shared
 * data profiling/aiconfigurator-vllm-parquet), in the same typed shape as the CSV rows: latency in
 * milliseconds → seconds, m/n/k from int64. Throws naming the file and row on anything else.
 */

const SECONDS_PER_MILLISECOND = 1e-3;

function whole(value: unknown, column: string, label: string, index: number): number {
  const number = typeof value === 'bigint' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number <= 0) {
    throw new Error(
      `${label}: row ${index}: column "${column}" is not a positive whole number: ${String(value)}`,
    );
  }
  return number;
}

export async function readParquetGemmRows(path: string, label: string, device: string): Promise<GemmRow[]> {
  const buffer = readFileSync(path);
  const file = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  const records = (await parquetReadObjects({ file, compressors })) as Record<string, unknown>[];
  return records.map((record, index) => {
    if (record.device !== device) {
      throw new Error(`${label}: row ${index}: device "${String(record.device)}", expected "${device}"`);
    }
    const latency = record.latency;
    if (typeof latency !== 'number' || !(latency > 0) || !Number.isFinite(latency)) {
      throw new Error(`${label}: row ${index}: latency is not a positive number: ${String(latency)}`);
    }
    if (typeof record.gemm_dtype !== 'string') throw new Error(`${label}: row ${index}: no gemm_dtype`);
    return {
      device,
      dtype: record.gemm_dtype,
      m: whole(record.m, 'm', label, index),
      n: whole(record.n, 'n', label, index),
      k: whole(record.k, 'k', label, index),
      seconds: latency * SECONDS_PER_MILLISECOND,
    };
  });
}
