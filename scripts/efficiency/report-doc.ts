import type { GemmDtype } from '../../src/core/gemm-kernel.js';
import type { OperatorEfficiency } from '../../src/core/operator-time.js';
import type { EfficiencyProfile } from '../../src/core/operator-work.js';
import type { DtypeGemmFit } from './dtype-gemm.js';
import { type ErrorSummary, median } from './error-stats.js';
import type { LeaveOneOutResult } from './fallback.js';
import type { GpuFit } from './fit-gpu.js';
import type { MeasuredGpuSource } from './report.js';
import { METHOD } from './report.js';
import type { BiasedErrorSummary } from './roofline-fit.js';
import { FILTER_NOTES, KERNEL_CLASSES, type KernelClass, sizeBucketLabels } from './samples.js';

/** docs/efficiency-fit.md, written by the fitting script so its numbers never drift from the data. */

const CLASS_TITLES: Record<KernelClass, string> = {
  gemm: 'GEMM',
  prefillAttention: 'Prefill attention',
  decodeAttention: 'Decode attention',
};

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function microseconds(seconds: number): string {
  return (seconds * 1e6).toFixed(2);
}

function errorCell(summary: ErrorSummary | undefined): string {
  if (summary === undefined) return '—';
  return `${summary.medianAbsPctError} / ${summary.p90AbsPctError} (${summary.samples})`;
}

function biasedCell(summary: BiasedErrorSummary | undefined): string {
  if (summary === undefined) return '—';
  return `${errorCell(summary)} ×${summary.medianPredictedOverMeasured}`;
}

function factorCells(efficiency: OperatorEfficiency): string[] {
  return [
    String(efficiency.computeEfficiency),
    String(efficiency.memoryEfficiency),
    microseconds(efficiency.fixedSeconds),
  ];
}

function fitTable(fits: readonly GpuFit[]): string {
  const rows = fits.flatMap((fit) =>
    KERNEL_CLASSES.map((kernelClass) => {
      const report = fit.fit[kernelClass];
      return [
        fit.measured.gpuId,
        CLASS_TITLES[kernelClass],
        ...factorCells(fit.measured.profile[kernelClass]),
        `${report.trainSamples} / ${report.testSamples}`,
        String(report.medianAbsPctError),
        String(report.p90AbsPctError),
        `×${report.medianPredictedOverMeasured}`,
        errorCell(report.byRegime.compute),
        errorCell(report.byRegime.memory),
      ];
    }),
  );
  return table(
    [
      'GPU',
      'class',
      'computeEff',
      'memoryEff',
      'fixed µs',
      'train / test',
      'median %',
      'p90 %',
      'pred/meas',
      'compute-bound med / p90 (n)',
      'memory-bound med / p90 (n)',
    ],
    rows,
  );
}

function sizeTables(fits: readonly GpuFit[]): string {
  return KERNEL_CLASSES.map((kernelClass) => {
    const labels = sizeBucketLabels(kernelClass);
    const rows = fits.map((fit) => [
      fit.measured.gpuId,
      ...labels.map((label) => biasedCell(fit.fit[kernelClass].bySize[label])),
    ]);
    return `### ${CLASS_TITLES[kernelClass]}\n\n${table(['GPU', ...labels], rows)}`;
  }).join('\n\n');
}

function allReduceTable(fits: readonly GpuFit[]): string {
  const rows = fits.flatMap((fit) =>
    Object.entries(fit.fit.allReduce).map(([count, evaluation]) => {
      const cost = fit.measured.profile.allReduce[count];
      return [
        fit.measured.gpuId,
        count,
        cost === undefined ? '—' : microseconds(cost.latencySeconds),
        cost === undefined ? '—' : (cost.busBytesPerSecond / 1e9).toFixed(1),
        `${evaluation.samples} (${evaluation.customFasterPoints} custom)`,
        String(evaluation.medianAbsPctError),
        String(evaluation.p90AbsPctError),
      ];
    }),
  );
  return table(['GPU', 'GPUs', 'latency µs', 'bus GB/s', 'sizes (custom faster)', 'median %', 'p90 %'], rows);
}

function bytesLabel(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number(value.toPrecision(3))} ${units[unit]}`;
}

function messageRange(fits: readonly GpuFit[]): string {
  const evaluations = fits.flatMap((fit) => Object.values(fit.fit.allReduce));
  const low = Math.min(...evaluations.map((evaluation) => evaluation.minMessageBytes));
  const high = Math.max(...evaluations.map((evaluation) => evaluation.maxMessageBytes));
  return `${bytesLabel(low)} – ${bytesLabel(high)}`;
}

function fallbackTables(fallback: EfficiencyProfile, leaveOneOut: Record<string, LeaveOneOutResult>): string {
  const factors = table(
    ['class', 'computeEff', 'memoryEff', 'fixed µs'],
    KERNEL_CLASSES.map((kernelClass) => [CLASS_TITLES[kernelClass], ...factorCells(fallback[kernelClass])]),
  );
  const allReduce = table(
    ['GPUs', 'latency µs', 'bus GB/s'],
    Object.entries(fallback.allReduce).map(([count, cost]) => [
      count,
      microseconds(cost.latencySeconds),
      (cost.busBytesPerSecond / 1e9).toFixed(1),
    ]),
  );
  const counts = [...new Set(Object.values(leaveOneOut).flatMap((result) => Object.keys(result.allReduce)))];
  const logo = table(
    [
      'held-out GPU',
      ...KERNEL_CLASSES.map((kernelClass) => CLASS_TITLES[kernelClass]),
      ...counts.map((count) => `all-reduce ×${count}`),
    ],
    Object.entries(leaveOneOut).map(([gpuId, result]) => [
      gpuId,
      ...KERNEL_CLASSES.map((kernelClass) => errorCell(result[kernelClass])),
      ...counts.map((count) => errorCell(result.allReduce[count])),
    ]),
  );
  return [
    factors,
    allReduce,
    '**Leave-one-GPU-out** — median / p90 absolute % error (samples) of the median profile of the ' +
      'other five GPUs, scored on every filtered measurement of the held-out GPU with its own peaks:',
    logo,
  ].join('\n\n');
}

function peaksTable(sources: readonly MeasuredGpuSource[], fits: readonly GpuFit[]): string {
  return table(
    ['GPU id', 'table folder', 'device in CSV', 'bf16 dense TFLOP/s', 'HBM GB/s'],
    fits.map((fit, index) => [
      fit.measured.gpuId,
      `\`${sources[index]?.folder ?? '?'}\``,
      sources[index]?.device ?? '?',
      (fit.measured.peaks.flopPerSecond / 1e12).toFixed(1),
      (fit.measured.peaks.hbmBytesPerSecond / 1e9).toFixed(0),
    ]),
  );
}

/** Median measured bf16 time / dtype time over the shapes both were measured at, for m in [lo, hi]. */
function measuredSpeedup(bf16: GpuFit | undefined, fit: DtypeGemmFit, lo: number, hi: number): string {
  if (!bf16) return '—';
  const bf16Seconds = new Map(bf16.measured.samples.gemm.map((s) => [s.shapeKey, s.measuredSeconds]));
  const ratios: number[] = [];
  for (const sample of fit.samples) {
    const m = Number(sample.shapeKey.slice('gemm:'.length).split('x')[0]);
    const base = bf16Seconds.get(sample.shapeKey);
    if (base !== undefined && m >= lo && m <= hi) ratios.push(base / sample.measuredSeconds);
  }
  return ratios.length === 0 ? '—' : `×${median(ratios).toFixed(2)}`;
}

function dtypeSection(
  fits: readonly GpuFit[],
  fallback: EfficiencyProfile,
  dtypeFits: readonly DtypeGemmFit[],
  dtypeLeaveOneOut: Record<string, Partial<Record<GemmDtype, BiasedErrorSummary>>>,
): string {
  const fitted = table(
    [
      'GPU',
      'dtype',
      'peak TFLOP/s',
      'computeEfficiency',
      'memoryEfficiency',
      'fixed µs',
      'train / test',
      'median %',
      'p90 %',
      'bias (pred/meas)',
      'leave-one-GPU-out median / p90 % ×bias',
      'previous rule median / p90 % ×bias',
      'measured speed-up over bf16, m ≤ 16 / m > 1024',
    ],
    dtypeFits.map((fit) => {
      const loo = dtypeLeaveOneOut[fit.gpuId]?.[fit.dtype];
      const bf16 = fits.find((f) => f.measured.gpuId === fit.gpuId);
      return [
        fit.gpuId,
        `\`${fit.dtype}\``,
        (fit.peaks.flopPerSecond / 1e12).toFixed(0),
        ...factorCells(fit.efficiency),
        `${fit.report.trainSamples} / ${fit.report.testSamples}`,
        String(fit.report.medianAbsPctError),
        String(fit.report.p90AbsPctError),
        `×${fit.report.medianPredictedOverMeasured}`,
        loo ? `${loo.medianAbsPctError} / ${loo.p90AbsPctError} ×${loo.medianPredictedOverMeasured}` : '—',
        `${fit.previousRule.medianAbsPctError} / ${fit.previousRule.p90AbsPctError} ×${fit.previousRule.medianPredictedOverMeasured}`,
        `${measuredSpeedup(bf16, fit, 1, 16)} / ${measuredSpeedup(bf16, fit, 1025, Number.POSITIVE_INFINITY)}`,
      ];
    }),
  );
  const transferredRows = fits.flatMap((fit) =>
    Object.entries(fit.measured.profile.gemmByDtype ?? {}).flatMap(([dtype, efficiency]) =>
      efficiency?.transferredFrom
        ? [[fit.measured.gpuId, `\`${dtype}\``, efficiency.transferredFrom.join(', ')]]
        : [],
    ),
  );
  const fallbackRows = Object.entries(fallback.gemmByDtype ?? {}).map(([dtype, efficiency]) => [
    `\`${dtype}\``,
    ...(efficiency ? factorCells(efficiency) : ['—', '—', '—']),
    efficiency?.transferredFrom?.join(', ') ?? '—',
  ]);
  return [
    '## Precision-specific GEMMs (fp8, fp8_block, nvfp4)',
    "AIConfigurator's unfiltered GEMM tables (`profiling/aiconfigurator-vllm-parquet`, read with `hyparquet` " +
      'and `hyparquet-compressors`) also time the quantized GEMMs vLLM 0.24 runs: `fp8` (per-tensor or ' +
      'per-channel scales, `CutlassFP8ScaledMMLinearKernel`), `fp8_block` (128×128 block scales; DeepGEMM, ' +
      'CUTLASS, FlashInfer or Triton block kernels, whichever vLLM picked for the shape) and `nvfp4` (Blackwell). ' +
      "The same roofline is fitted per (GPU, dtype) against that dtype's dense peak (`fp8_tc_flops`, " +
      '`fp4_tc_flops`), on `weightGemmWork(m, k, n, weight bytes, 2, activation quantization bytes)` — 1 ' +
      'byte per fp8 weight, 1 + 4/128² for fp8_block, 0.5 + 1/16 for nvfp4, 16-bit activations in and out, ' +
      "and a serial pass that quantizes the m × k input first (vLLM's `Fp8LinearOp` runs `scaled_fp8_quant` " +
      'as its own kernel before `cutlass_scaled_mm`): it reads 2 B and writes 1 B per element (fp8_block ' +
      '+ a 4-byte scale per 128, nvfp4 0.5 + 1/16 B), added to the roofline time at the HBM efficiency, ' +
      'exactly as `layerGemms` counts a plan of that precision — with the same filters and the same shape ' +
      'split as bf16 (so a held-out shape is held out in every dtype). Without that pass the one-roofline ' +
      'fit could not serve both narrow shapes (where quantization dominates) and wide ones: on H100 fp8 its ' +
      'held-out median error was 26.7 % and it predicted fp8 no faster than bf16 for compute-bound ' +
      `Llama-3.1-8B shapes that measure 1.1–1.5× faster. ${METHOD.gemmByDtype}.`,
    fitted,
    '"Previous rule" is what the time model did before these fits, scored on the same held-out shapes: ' +
      'fp8 at the fp8 peak with the GPU’s bf16 factors, and an NVFP4 checkpoint (planned as int4) at the ' +
      '16-bit peak with the bf16 factors. The speed-up columns are medians of measured bf16 time / dtype ' +
      'time over every filtered shape in that m range (n and k from 256 to 65536), not of one model.',
    "Which kernel a plan runs (`gemmKernel`, src/core/gemm-kernel.ts), as vLLM's `Fp8LinearMethod` " +
      '(vllm/model_executor/layers/quantization/fp8.py) decides it: a checkpoint whose `quantization_config` ' +
      'has `weight_block_size` sets `block_quant` and runs the block-scaled op → `fp8_block`; every other FP8 ' +
      'plan (online `--quantization fp8`, per-tensor ModelOpt, compressed-tensors per-channel) runs ' +
      'CUTLASS scaled_mm → `fp8`; below compute capability 8.9 (no FP8 tensor cores) vLLM uses the Marlin ' +
      'weight-only kernel instead (not measured, below). An NVFP4 checkpoint on a GPU with FP4 tensor cores → ' +
      '`nvfp4`. The time model uses these factors at the FP8/FP4 peak for the layer GEMMs; the LM head stays ' +
      'unquantized (16-bit weights, bf16 factors), as vLLM gives quantized methods to linear layers only; ' +
      'attention, all-reduce and the bf16 plans are unchanged. nvfp4 is costed but not yet plannable with ' +
      "vLLM: the engine profile's pinned support table (data/v1/engines/vllm.json) has no NVFP4 row, so such " +
      'a checkpoint is refused before it is timed.',
    'Measured GPUs with the tensor cores for a dtype but no usable rows of it take the median of the GPUs ' +
      'fitted for it (outputs warn `gemm-efficiency-transferred`):',
    transferredRows.length > 0 ? table(['GPU', 'dtype', 'median of'], transferredRows) : 'None.',
    'Unmeasured GPUs (the fallback profile, `estimated: true`) take the median over all fitted GPUs:',
    table(['dtype', 'computeEfficiency', 'memoryEfficiency', 'fixed µs', 'median of'], fallbackRows),
    [
      'What the tables show, and where this roofline fails:',
      '',
      '- The quantized GEMMs are far from twice as fast as bf16: over the whole grid the median measured ' +
        'speed-up stays below the 2× (nvfp4: 4×) peak ratio, and is below 1 for many shapes, because each ' +
        'call also quantizes its activations and rescales its output. Even with the quantization pass ' +
        'counted, the fitted compute efficiencies against the doubled peak are lower than bf16 ones, and ' +
        'the fit is looser than bf16 (see the median column): kernel selection per shape makes these ' +
        'times less regular than cuBLAS bf16.',
      '- Block-scaled fp8 pays a large fixed cost (tens to hundreds of µs: the activation quantization ' +
        'and the block kernels’ own launches), so decode-sized GEMMs are several times slower than bf16; ' +
        'the fit puts it in `fixedSeconds` and hits the `memoryEfficiency` bound of 1. That cost differs ' +
        'a lot between GPUs (DeepGEMM on Hopper and B200, Triton on L40S), hence its large ' +
        'leave-one-GPU-out error: a transferred fp8_block profile is the least trustworthy.',
    ].join('\n'),
    '### Not measured: weight-only GEMMs (AWQ/GPTQ int4, GPTQ int8, fp8 without FP8 tensor cores)',
    'No table times Marlin-style weight-only kernels, so these plans are marked **not measured** (warning ' +
      '`gemm-not-measured` in every output). They are timed as the Marlin authors\' own "ideal" model ' +
      '(IST-DASLab/marlin_artifact `plot.py`: `max(bytes / bandwidth, FLOP / fp16 peak)` with 4-bit weights ' +
      "plus a 2-byte scale per group of 128), at the GPU's fitted bf16 `gemm` efficiencies: dequantization " +
      'is assumed hidden under the weight loads. That is what Marlin measured on an A10 for a 72k × 18k layer ' +
      '(`result/marlin.csv` of the same artifact): 3.87× over FP16 at batch 1–32 against an ideal of 3.87–3.90×, ' +
      '3.08× at 64, 1.55× at 128 against 1.63×, i.e. within 5 % of ideal (paper: Frantar et al., "MARLIN: ' +
      'Mixed-Precision Auto-Regressive Parallel Inference on Large Language Models", PPoPP 2025, ' +
      'arXiv:2408.11743). The same artifact notes Marlin is not tuned for Hopper, so on H100/H200/B200 ' +
      "the estimate is likely optimistic; the 4-bit bytes are the checkpoint's own (scales and zero " +
      'points included).',
  ].join('\n\n');
}

export function renderDoc(
  sources: readonly MeasuredGpuSource[],
  fits: readonly GpuFit[],
  fallback: EfficiencyProfile,
  leaveOneOut: Record<string, LeaveOneOutResult>,
  dtypeFits: readonly DtypeGemmFit[],
  dtypeLeaveOneOut: Record<string, Partial<Record<GemmDtype, BiasedErrorSummary>>>,
): string {
  return `${[
    '# Roofline efficiency fit',
    '<!-- Generated by scripts/fit-efficiency.ts; do not edit by hand. -->',
    'Regenerate this page and `data/v1/efficiency.json` with:\n\n```sh\nnpx tsx scripts/fit-efficiency.ts            # reads /work/shared/data\nnpx tsx scripts/fit-efficiency.ts --data DIR  # another copy of the shared data\n```',
    '## What is fitted',
    `Every kernel time in InferSave is \`operatorSeconds\` (src/core/operator-time.ts): ${METHOD.model}, ` +
      'with FLOP and bytes from `gemmWork`, `prefillAttentionWork` and `decodeAttentionWork` ' +
      '(src/core/operator-work.ts). This script fits the three factors per GPU and kernel class to ' +
      "NVIDIA AIConfigurator's measured vLLM kernel tables (Apache-2.0), and the all-reduce " +
      '`latencySeconds + bytes·2(n−1)/n / busBytesPerSecond` per GPU count. Peaks are the dense bf16 ' +
      "tensor FLOP/s and memory bandwidth of AIConfigurator's system files, the values the GPU catalog uses:",
    peaksTable(sources, fits),
    '## Data conventions assumed',
    [
      '- Table times are milliseconds; they are converted to seconds. Every row of a folder must carry the ' +
        'device named above (the A100 rows say `NVIDIA A100-SXM4-80GB`, hence catalog id `A100-80GB`).',
      '- GEMM rows are `(m×k)·(k×n)` in bf16: `gemmWork(m, n, k, 2)`.',
      '- Context-attention rows are a causal prefill of `isl` tokens for each of `batch_size` sequences ' +
        '(`step` = 0): `prefillAttentionWork(batch, isl, heads, kvHeads, headDim, 2)`.',
      '- Generation-attention rows have `isl` = 1 and attend to a KV length of `isl + step`, the convention ' +
        "of AIConfigurator's loader (`s = isl + step`). The data agree: `isl + step` takes exactly the " +
        "collector's sequence lengths 2, 4, …, 131072, so the length counts the new token. " +
        '`decodeAttentionWork(batch, isl + step, heads, kvHeads, headDim, 2, 2)`.',
      '- `message_size` in the collective tables counts elements of the row dtype, not bytes: an int8 ' +
        'all-reduce of 2S elements takes as long as a half one of S elements, and NCCL half and custom ' +
        'bf16 rows agree at large sizes. Message bytes = elements × 2.',
      '- The A100 tables come from vLLM 0.14 (FlashAttention 2) and have no `window_size` column (read as ' +
        'full attention); the others from vLLM 0.22–0.24 (FA2 on L40S/RTX PRO 6000, FA3 on H100/H200, ' +
        'FlashInfer TRT-LLM kernels on B200). The fit describes the kernels that vLLM version picked.',
    ].join('\n'),
    '## Filters',
    'The tables sweep wider grids than LLM serving uses; only these rows are fitted and scored:',
    KERNEL_CLASSES.map(
      (kernelClass) => `- **${CLASS_TITLES[kernelClass]}**: ${FILTER_NOTES[kernelClass]}`,
    ).join('\n'),
    '## Method',
    [
      `- Objective: ${METHOD.objective}. The coarse grid (25 × 25 points) is searched on at most 3000 ` +
        'evenly strided training samples, then five refinement rounds (7 × 7 points, each a third as wide) ' +
        'use all training samples. Factors are rounded to 4 significant digits before scoring.',
      `- Split: ${METHOD.split}.`,
      `- Regime: ${METHOD.regime}.`,
      `- All-reduce: ${METHOD.allReduce}.`,
      `- Fallback: ${METHOD.fallback}.`,
    ].join('\n'),
    '## Fitted factors and held-out error',
    'Errors are |predicted − measured| / measured on held-out shapes; "pred/meas" is the median ratio ' +
      '(above 1: the model is pessimistic). Regime cells are median / p90 % (held-out samples).',
    fitTable(fits),
    '## Where the roofline fails',
    'Held-out median / p90 % error (samples) and median pred/meas, by size:',
    sizeTables(fits),
    [
      'What the tables show, and why the four-factor roofline cannot follow it:',
      '',
      '- **Decode attention at large batch and short context** is far slower than its bytes: the kernel ' +
        'pays a per-sequence cost (page-table walk, at least one KV tile per sequence and head, ' +
        'split-K reduction) that `decodeAttentionWork` does not count, so with one `memoryEfficiency` ' +
        'and one `fixedSeconds` the fit is optimistic there (pred/meas well below 1) and, to compensate, ' +
        'mostly pessimistic for small batches. This is the largest error in the whole model, and it ' +
        'matters: many concurrent short chats are exactly this regime.',
      '- **Decode `computeEfficiency` is weakly identified.** Decode attention reaches the compute roof ' +
        'only at large query-head/KV-head ratios, so few shapes constrain it; the small value it takes ' +
        'mostly stands for softmax (exponential) throughput, which the FLOP count ignores. Treat it as ' +
        'a description of high-GQA decode, not as tensor-core efficiency.',
      '- **Prefill attention** is compute-bound in FLOP terms above a few hundred tokens, but its ' +
        'achieved fraction of peak depends on head_dim (softmax cost per FLOP doubles at head_dim 64) ' +
        'and on the causal tile schedule; one `computeEfficiency` per GPU averages these, and the low ' +
        '`memoryEfficiency` absorbs the short-prompt regime, where launch and tile overheads dominate.',
      '- **Near the ridge point** (prompts of 257–2048 tokens; GEMMs with m = 129–1024) the model is ' +
        'optimistic: `max(compute, memory)` assumes the two overlap perfectly, while real kernels pay ' +
        'part of both. A smooth combination of the two roofs would fit this band better.',
      '- **GEMM** is the best fit. Its errors concentrate in small-m shapes (decode GEMMs), where tile ' +
        'quantization and split-K choices make time a step function of m, and in the ridge band. On the PCIe-class GPUs ' +
        '(L40S, RTX PRO 6000) small-m GEMMs have a heavier tail.',
    ].join('\n'),
    dtypeSection(fits, fallback, dtypeFits, dtypeLeaveOneOut),
    '## All-reduce',
    `Per GPU count; in-sample median / p90 % error over message sizes ${messageRange(fits)}:`,
    allReduceTable(fits),
    'A latency-plus-bandwidth line cannot follow the switch from the custom one-shot kernel (small ' +
      'messages) to NCCL rings (large ones), so mid-size messages carry most of the error. On PCIe GPUs ' +
      'the bus bandwidth falls with the GPU count because the traffic crosses the host bridge.',
    '## Fallback for unmeasured GPUs',
    'For GPUs with no tables (T4, A10G, L4, V100, …) the catalog uses this profile, `estimated: true`:',
    fallbackTables(fallback, leaveOneOut),
    'Read the leave-one-GPU-out row of the GPU most like the one being estimated as the trust interval ' +
      'of an estimate. The all-reduce fallback is the median of NVLink (A100, H100, H200, B200) and ' +
      'PCIe (L40S, RTX PRO 6000) machines, so it is far too fast for PCIe-only GPUs such as T4, A10G ' +
      'and L4; the L40S and RTX PRO 6000 rows show by how much.',
  ].join('\n\n')}\n`;
}
