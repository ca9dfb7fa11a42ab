import Papa from 'papaparse';

/**
 * Typed rows of NVIDIA AIConfigurator's vLLM kernel database (CSV, times in milliseconds). Parsing is
 * pure: callers pass the file text and a label used in error messages.
 */

export type CsvRecord = Record<string, string>;

const SECONDS_PER_MILLISECOND = 1e-3;

/** Parses CSV text with a header row. Throws with the label and row number on malformed input. */
export function parseCsv(text: string, label: string): CsvRecord[] {
  const parsed = Papa.parse<CsvRecord>(text, { header: true, skipEmptyLines: true, dynamicTyping: false });
  const firstError = parsed.errors[0];
  if (firstError !== undefined) {
    throw new Error(`${label}: CSV row ${firstError.row ?? '?'}: ${firstError.message}`);
  }
  return parsed.data;
}

function field(record: CsvRecord, name: string, label: string, index: number): string {
  const value = record[name];
  if (value === undefined || value === '') {
    throw new Error(`${label}: row ${index + 2}: missing column "${name}"`);
  }
  return value;
}

function numberField(record: CsvRecord, name: string, label: string, index: number): number {
  const text = field(record, name, label, index);
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new Error(`${label}: row ${index + 2}: column "${name}" is not a number: "${text}"`);
  }
  return value;
}

/** One bf16 GEMM measurement: (m×k)·(k×n). */
export interface GemmRow {
  device: string;
  dtype: string;
  m: number;
  n: number;
  k: number;
  seconds: number;
}

export function gemmRows(records: CsvRecord[], label: string): GemmRow[] {
  return records.map((record, index) => ({
    device: field(record, 'device', label, index),
    dtype: field(record, 'gemm_dtype', label, index),
    m: numberField(record, 'm', label, index),
    n: numberField(record, 'n', label, index),
    k: numberField(record, 'k', label, index),
    seconds: numberField(record, 'latency', label, index) * SECONDS_PER_MILLISECOND,
  }));
}

/**
 * One attention measurement. Context (prefill) rows have `isl` = prompt tokens and `step` = 0;
 * generation (decode) rows have `isl` = 1 and a KV length of `isl + step` (AIConfigurator's loader
 * convention `s = isl + step`).
 */
export interface AttentionRow {
  device: string;
  kernelSource: string;
  batch: number;
  isl: number;
  numHeads: number;
  numKeyValueHeads: number;
  headDim: number;
  attnDtype: string;
  kvCacheDtype: string;
  step: number;
  windowSize: number;
  seconds: number;
}

export function attentionRows(records: CsvRecord[], label: string): AttentionRow[] {
  return records.map((record, index) => ({
    device: field(record, 'device', label, index),
    kernelSource: field(record, 'kernel_source', label, index),
    batch: numberField(record, 'batch_size', label, index),
    isl: numberField(record, 'isl', label, index),
    numHeads: numberField(record, 'num_heads', label, index),
    numKeyValueHeads: numberField(record, 'num_key_value_heads', label, index),
    headDim: numberField(record, 'head_dim', label, index),
    attnDtype: field(record, 'attn_dtype', label, index),
    kvCacheDtype: field(record, 'kv_cache_dtype', label, index),
    step: numberField(record, 'step', label, index),
    // A100's older table has no window_size column: all its rows are full attention.
    windowSize: record.window_size === undefined ? 0 : numberField(record, 'window_size', label, index),
    seconds: numberField(record, 'latency', label, index) * SECONDS_PER_MILLISECOND,
  }));
}

/**
 * One collective measurement. `messageElements` counts elements of `dtype` (verified on the data: an
 * int8 all-reduce of 2·S elements takes as long as a half one of S elements, i.e. equal bytes).
 */
export interface CollectiveRow {
  device: string;
  opName: string;
  kernelSource: string;
  dtype: string;
  numGpus: number;
  messageElements: number;
  seconds: number;
}

/** nccl_perf.csv (dtype column `nccl_dtype`) and custom_allreduce_perf.csv (`allreduce_dtype`). */
export function collectiveRows(records: CsvRecord[], label: string): CollectiveRow[] {
  return records.map((record, index) => ({
    device: field(record, 'device', label, index),
    opName: field(record, 'op_name', label, index),
    kernelSource: field(record, 'kernel_source', label, index),
    dtype: record.nccl_dtype ?? field(record, 'allreduce_dtype', label, index),
    numGpus: numberField(record, 'num_gpus', label, index),
    messageElements: numberField(record, 'message_size', label, index),
    seconds: numberField(record, 'latency', label, index) * SECONDS_PER_MILLISECOND,
  }));
}

/** Bytes per element of the dtype names used in these tables. */
export function dtypeBytes(dtype: string): number {
  switch (dtype) {
    case 'half':
    case 'float16':
    case 'bfloat16':
      return 2;
    case 'int8':
    case 'fp8':
      return 1;
    case 'float':
    case 'float32':
      return 4;
    default:
      throw new Error(`unknown dtype "${dtype}"`);
  }
}
