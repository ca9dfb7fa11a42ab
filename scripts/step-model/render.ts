import { ELEMENTWISE_KERNEL_COST } from '../../src/core/elementwise-kernels.js';
import type { StepOverheads } from '../../src/core/engine-profile.js';
import { errorBandsFile } from './error-bands.js';
import { type ErrorStats, errorStats, type HeldOutPoint, type StepModelReport } from './report.js';

const us = (s: number) => (s * 1e6).toFixed(1);

function statsRow(label: string, s: ErrorStats): string {
  return `| ${label} | ${s.n} | ${s.medianAbsPct} | ${s.p90AbsPct} | ${s.biasPct} | ×${s.measuredOverPredictedP10}–×${s.measuredOverPredictedP90} |`;
}

const pairs = (points: readonly HeldOutPoint[], kernelOnly = false) =>
  points.map((p) => ({ predicted: kernelOnly ? p.kernelOnly : p.predicted, measured: p.measured }));

export function overheadsRow(label: string, o: StepOverheads, extra: string): string {
  return `| ${label} | ${o.prefillKernelScale.toFixed(3)} | ${o.decodeKernelScale.toFixed(3)} | ${us(o.perStepSeconds)} | ${us(o.perSequenceSeconds)} | ${us(o.perLayerSeconds)} | ${us(o.tensorParallelSecondsPerLayer)} | ${extra} |`;
}

/** The goals of issue 8 on the held-out points, as lines of a list. */
export function goalLines(heldOut: readonly HeldOutPoint[]): string[] {
  const lines: string[] = [];
  for (const [stage, goal] of [
    ['decode', 10],
    ['prefill', 12],
  ] as const) {
    const mine = heldOut.filter((p) => p.stage === stage);
    const s = errorStats(pairs(mine));
    const tp = (n: number) => errorStats(pairs(mine.filter((p) => p.tensorParallel === n))).medianAbsPct;
    const gap = Math.round((tp(8) - tp(2)) * 10) / 10;
    lines.push(
      `- ${stage}: median ${s.medianAbsPct} % (goal ≤ ${goal} %: ${s.medianAbsPct <= goal ? 'met' : 'missed'}), bias ${s.biasPct} % (goal within ±5 %: ${Math.abs(s.biasPct) <= 5 ? 'met' : 'missed'}), TP8 ${tp(8)} % vs TP2 ${tp(2)} % (goal: TP8 within 5 points of TP2: ${gap <= 5 ? 'met' : 'missed'}).`,
    );
  }
  return lines;
}

/** The end-to-end step-model section (docs/step-model.md and docs/accuracy.md share it). */
export function renderStepModelSection(r: StepModelReport, heading = '##'): string {
  const out: string[] = [];
  out.push(`${heading} End-to-end steps: the engine step model, leave-one-group-out`, '');
  out.push(
    "Datasets: Splitwise's measured DGX-A100/H100 steps for Llama-2-70B (medians per configuration) and DistServe's fitted A100 curves for its vLLM engine and its own engine (OPT-13B, OPT-66B), evaluated on the grid above. Each point is a whole step as the engine ran it: prefill of the whole batch, or the mean decode step of a run.",
    `Splitwise rows left out: ${r.splitwiseSkipped.derivedPowerCapped} \`h100-80gb-pcap\` rows (derived: prompt_time exactly 1.3 × H100's, token_time identical), ${r.splitwiseSkipped.bloomNoModelType} bloom-176b rows (no supported Hugging Face model type; no proxy used), ${r.splitwiseSkipped.truncatedBatch64Tp2} batch-64 TP2 stage points (truncated prefill), ${r.splitwiseSkipped.beyondContext} stage points beyond Llama-2-70B's 4,096-token context. \`e2e_time\` is not used.`,
    '',
    'Leave-one-group-out: a group is model × GPU × TP × engine group (Splitwise is its own engine group; its engine is not named). Each group is predicted by a fit on the other groups of its engine group on the same GPU, so a TP degree is always predicted from the other TP degrees (and, for DistServe, the other model). "kernel-only" is the same roofline without any engine term.',
    '',
    '| group | n | median abs. % | p90 abs. % | bias % | measured / predicted p10–p90 |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  const groups = [...new Set(r.heldOut.map((p) => p.group))].sort();
  for (const stage of ['prefill', 'decode'] as const) {
    for (const g of groups) {
      const mine = r.heldOut.filter((p) => p.group === g && p.stage === stage);
      if (mine.length > 0) out.push(statsRow(`${g} · ${stage}`, errorStats(pairs(mine))));
    }
  }
  out.push('', '**Pooled** (every held-out point):', '');
  out.push(
    '| stage | n | median abs. % | p90 abs. % | bias % | measured / predicted p10–p90 |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const stage of ['prefill', 'decode'] as const) {
    const mine = r.heldOut.filter((p) => p.stage === stage);
    out.push(statsRow(`${stage}, step model (held out)`, errorStats(pairs(mine))));
    out.push(statsRow(`${stage}, kernel-only roofline`, errorStats(pairs(mine, true))));
    for (const tp of [1, 2, 3, 4, 8]) {
      const t = mine.filter((p) => p.tensorParallel === tp);
      if (t.length > 0) out.push(statsRow(`${stage}, TP ${tp}`, errorStats(pairs(t))));
    }
  }
  out.push('', 'Goals (issue 8):', '', ...goalLines(r.heldOut), '');
  out.push(...shippedBandLines(r));
  out.push(
    '**Fitted terms** (every group of the engine group on that GPU; µs):',
    '',
    '| engine group · GPU | prefill kernel scale | decode kernel scale | per step µs | per sequence µs | per layer µs | TP per layer per log2(GPUs) µs | in-sample median / bias % |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const f of r.fits) {
    out.push(
      overheadsRow(
        `${f.engineGroup} · ${f.gpuId} (${f.points} points)`,
        f.overheads,
        `${f.inSample.medianAbsPct} / ${f.inSample.biasPct}`,
      ),
    );
  }
  out.push(
    '',
    `vLLM's per-step (${us(r.vidur.perStepSeconds)} µs) and per-sequence (${us(r.vidur.perSequenceSeconds)} µs) CPU costs are not fitted on the end-to-end steps: they come from Vidur's measured scheduler, sampler, input-preparation and output-processing times (profiling/vidur-legacy-2024-05/a100/cpu_overheads.csv, ${r.vidur.points} rows, a line in the batch size, median error ${r.vidur.medianAbsPctError.toFixed(1)} %). The elementwise kernels (norms, residual adds, activation, rotary) are timed as memory-bound kernels with Vidur's A100 fit (launch ${us(ELEMENTWISE_KERNEL_COST.launchSeconds)} µs; src/core/elementwise-kernels.ts).`,
    '',
  );
  return out.join('\n');
}

/**
 * The bands every printed time carries (data/v1/error-bands.json): per engine group × TP × stage, with
 * the fallbacks, and how `recommend --margin` uses them.
 */
function shippedBandLines(r: StepModelReport): string[] {
  const file = errorBandsFile(r);
  const out = [
    "**Shipped bands** (data/v1/error-bands.json): every time `predict`, `recommend` and `simulate` print carries the p10–p90 of measured / predicted of its engine group at its tensor-parallel degree, else of the engine group over all degrees, else of every engine group at that degree, else of every group; an engine without steps of its own (SGLang, TensorRT-LLM, FlexGen) takes every engine group's band and says so. `recommend --margin p90` (the default) checks the SLO with each stage time multiplied by the band's p90, `--margin p50` by its p50, `--margin none` not at all.",
    '',
    '| engine group | TP | stage | n | groups | bias % | p10 | p50 | p90 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const b of file.bands.filter((x) => x.gpuId === 'all'))
    out.push(
      `| ${b.engineGroup} | ${b.tensorParallel} | ${b.stage} | ${b.n} | ${b.groups} | ${b.biasPct} | ×${b.measuredOverPredictedP10} | ×${b.measuredOverPredictedP50} | ×${b.measuredOverPredictedP90} |`,
    );
  out.push(
    '',
    `Measured ranges (a prediction outside them is flagged as extrapolated): ${file.fittedRanges
      .map(
        (f) =>
          `${f.engineGroup}: ${f.gpuIds.join(', ')}, TP ${f.tensorParallel.join('/')}, prefill ≤ ${f.prefillBatchTokensMax} tokens, decode batch ≤ ${f.decodeBatchMax}, context ≤ ${f.decodeContextTokensMax}`,
      )
      .join('; ')}.`,
    '',
  );
  return out;
}
