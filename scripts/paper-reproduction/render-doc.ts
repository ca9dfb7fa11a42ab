import type { Reproduction } from './reproduce.js';
import { absPctErrors, type ReproductionSummary } from './summary.js';

const f1 = (x: number) => x.toFixed(1);

function pointsTable(s: ReproductionSummary): string {
  const rows = s.points.map(
    (p) =>
      `| ${p.workload} | ${p.instance} | ${p.measured} | ${f1(p.paperEquations)} | ${f1(p.roofline)} | ${f1(p.calibrated)} | ${p.calibratedAtPaperOffload !== undefined ? f1(p.calibratedAtPaperOffload) : '—'} | ${(p.offloadFraction * 100).toFixed(0)} % |`,
  );
  return [
    '| workload | instance | measured TPS | paper eqs (Table IV inputs) | roofline | roofline + CTCF | roofline + CTCF at the paper’s C_off | our C_off |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function scenarioTable(s: ReproductionSummary): string {
  const cell = (c: { instance: string; tokensPerSecond: number; totalUsd: number } | null) =>
    c ? `${c.instance} (${c.tokensPerSecond.toFixed(0)} TPS, $${c.totalUsd.toFixed(3)})` : '—';
  const rows = s.scenarios.map(
    (x) =>
      `| ${x.workload} | ${x.sloTokensPerSecond} | ${x.paper.first ?? '—'} / ${x.paper.second ?? '—'} / ${x.paper.maxPerformance ?? '—'} | ${cell(x.first)} | ${cell(x.second)} | ${cell(x.maxPerformance)} | ${cell(x.noOffload)} | ${x.uncalibratedFirst ?? '—'} | ${x.flexgenFirst ? `${x.flexgenFirst.instance} (${(x.flexgenFirst.offloadFraction * 100).toFixed(0)} % off, ${x.flexgenFirst.tokensPerSecond.toFixed(0)} TPS)` : '—'} |`,
  );
  return [
    '| workload | SLO TPS | paper: 1st / 2nd / Max-Perf | ours: 1st | ours: 2nd | ours: Max-Performance | ours: no offloading | ours uncalibrated: 1st | ours `--engine flexgen`: 1st |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

const pct = (predicted: number, measured: number) => {
  const e = (100 * (predicted - measured)) / measured;
  return `${e >= 0 ? '+' : '−'}${Math.abs(e).toFixed(1)} %`;
};

type Point = ReproductionSummary['points'][number];

/** The FlexGen section: its cost model at its own policy and at the paper's stated C_off, held out. */
function flexgenSection(offline: Point[], online: Point[]): string {
  const atPaper = absPctErrors(
    offline.map((p) => ({ predicted: p.flexgenAtPaperOffload ?? 0, measured: p.measured })),
  );
  const atPolicy = absPctErrors(offline.map((p) => ({ predicted: p.flexgenAtPolicy, measured: p.measured })));
  const allOnGpu = absPctErrors(online.map((p) => ({ predicted: p.flexgenAllOnGpu, measured: p.measured })));
  const rows = offline.map(
    (p) =>
      `| ${p.instance} | ${p.measured} | ${p.paperOffloadPercent ?? '—'} % | ${f1(p.flexgenAtPaperOffload ?? 0)} | ${pct(p.flexgenAtPaperOffload ?? 0, p.measured)} | ${(p.flexgenPolicyOffloadFraction * 100).toFixed(0)} % | ${f1(p.flexgenAtPolicy)} | ${pct(p.flexgenAtPolicy, p.measured)} |`,
  );
  const onlineRows = online.map(
    (p) =>
      `| ${p.instance} | ${p.measured} | ${f1(p.flexgenAllOnGpu)} | ${pct(p.flexgenAllOnGpu, p.measured)} | ${f1(p.calibrated)} |`,
  );
  return `## FlexGen's cost model: the engine the paper ran

\`--engine flexgen\` places an offloaded batch by FlexGen's policy and times it by FlexGen's own cost model
(docs/flexgen.md): the per-layer times of its zig-zag schedule with the constants its authors fitted on real
FlexGen runs on a T4 (\`data/v1/flexgen-cost-model.json\`), moved to the L4 and A10G by catalog ratios (PCIe
link, fp16 tensor peak, memory bandwidth), CPU attention as fitted. Nothing here is fitted on the paper's
points, offline or online. Running the cost model at the paper's stated C_off (Table VI) states the
configuration the paper ran, as \`--offload-percent\` does; it is not a fit to the measured TPS.

| instance | measured TPS | paper's C_off | cost model at the paper's C_off | error | FlexGen's policy (ours) | cost model at that policy | error |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Held-out offline error (g4dn, g6, g5): median **${atPaper.median} %** (p90 ${atPaper.p90} %) at the paper's
stated C_off — within the issue's 30 % — and median **${atPolicy.median} %** (p90 ${atPolicy.p90} %) at FlexGen's
policy as we derive it, which offloads less than the paper ran: its search keeps all the KV the GPU can hold,
since every offloaded share adds CPU attention time. The paper does not say how it set its C_off; the
authors' public script (lass-lab/InferSave, \`Infersave_ver0.1.py\`) multiplies its Algorithm 1 share by 1.6
("more conservatively") and rounds up to tenths.

Where nothing is offloaded the same transferred constants are slower than the measurements (online points,
cost model with everything on the GPU; these points calibrate the roofline, not the cost model):

| instance | measured TPS | cost model, all on GPU | error | roofline + CTCF |
|---|---|---|---|---|
${onlineRows.join('\n')}

Median error there ${allOnGpu.median} % (p90 ${allOnGpu.p90} %): FlexGen's decode constants (4.3 TFLOP/s for
GEMMs, 0.079 TFLOP/s for attention on the T4) come from its authors' fit on their own runs (the cost model's
default shape is OPT-175B's: 96 layers, hidden 12288; the fitted runs are not listed beside the constants) and
are pessimistic for OPT-2.7B without offloading. That is why a batch wholly on the GPU keeps the (calibrated) roofline, and only offloaded batches
switch to the cost model. Offline, the offloaded share's attention on the host CPU dominates the decode
layer, and that term is FlexGen's T4-host fit, taken as it is.
`;
}

/** docs/paper-reproduction.md, from the reproduction's results. */
export function renderReproductionDoc(r: Reproduction, s: ReproductionSummary): string {
  const unique = (w: 'online' | 'offline') => {
    const seen = new Set<string>();
    return s.points.filter((p) => p.workload === w && !seen.has(p.instance) && seen.add(p.instance));
  };
  const offline = unique('offline').filter((p) => p.instance !== 'g6e.xlarge');
  const heldOut = absPctErrors(offline.map((p) => ({ predicted: p.calibrated, measured: p.measured })));
  const heldOutAtPaperOff = absPctErrors(
    offline.map((p) => ({ predicted: p.calibratedAtPaperOffload ?? p.calibrated, measured: p.measured })),
  );
  const uncalOnline = absPctErrors(
    unique('online').map((p) => ({ predicted: p.roofline, measured: p.measured })),
  );
  const paperOnline = absPctErrors(
    unique('online').map((p) => ({ predicted: p.paperEquations, measured: p.measured })),
  );
  const alphas = (s.calibration ?? [])
    .filter((e) => e.stage === 'decode')
    .map((e) => {
      const fit = r.calibration.predictors.roofline?.find(
        (x) => x.instance === e.instance && x.stage === 'decode',
      )?.fit;
      return `| ${e.instance} | ${e.alpha} | ${fit?.points ?? 0} | ${fit?.meanAbsPctError ?? 0} % |`;
    });
  const paperFailures = r.paperFit.failures
    .map((f) => `${String(f.details?.instance)} (α = ${Number(f.details?.alpha).toFixed(1)})`)
    .join(', ');
  return `# Reproducing the InferSave paper's evaluation

Generated by \`npx tsx scripts/paper-reproduction.ts\` (needs \`../shared/data\`); pinned by the golden test
\`test/golden/paper-reproduction.test.ts\`. Do not edit by hand.

Setup as in the paper (section VI): OPT-2.7B in fp16, batch 32, P_max $3/h, the four instances of Table IV
at its prices, billed by the whole hour (\`--catalog paper-2025\`). Online: 128 input + 512 output tokens,
3000 requests, SLO 400 and 600 TPS. Offline: 1024 + 128 tokens, 1000 requests, SLO 100 and 200 TPS. TPS
counts input + output tokens (paper eq. 1). Measured values are the paper's Tables V and VI
(\`test/golden/paper-2025-measured.json\`, with the inconsistencies we found in the paper noted there).

Rerun any row, e.g.:

\`\`\`
npx infersave recommend --catalog paper-2025 --calibration paper-2025-online --model facebook/opt-2.7b \\
  --input-tokens 128 --output-tokens 512 --batch-size 32 --requests 3000 --slo-tps 600 --max-price 3
\`\`\`

## Calibration: online points only

The paper's CTCF (eq. 7) is α·t + β per instance. One end-to-end TPS per instance cannot separate prefill
from decode, nor α from β, so \`paper-2025-online\` fits one α per instance shared by both stages, with β = 0,
by least squares on the online points (two for g6 and g6e, whose two SLO runs measured slightly different
TPS). It ships as \`data/v1/calibrations/paper-2025-online.json\`, for the \`roofline\` predictor.

| instance | α (both stages) | points | fit error |
|---|---|---|---|
${alphas.join('\n')}

α > 1 everywhere: FlexGen, which the paper ran on, reaches less of the hardware than our roofline's
kernel efficiencies (fitted on vLLM's kernels, see docs/efficiency-fit.md) assume — 1.2× on L4, 1.5–1.6× on
A10G and T4, 2× on L40S.

**The paper's own equations cannot be calibrated to its own measurements.** Eq. 6's decode transfer term
\`(C_off·2·(L_in+1) + L_out)·h1·bytes·BS / BW\` moves \`L_out·h1·bytes·BS\` over PCIe for every layer of every
decode step even with nothing offloaded. With Table IV's inputs that alone takes longer than the measured
batch time on every instance, so the least-squares α comes out negative: ${paperFailures}. The paper
predictor is kept for fidelity (\`--predictor paper\`) but has no calibration here. Online median error of the
paper's equations on Table IV's inputs: ${paperOnline.median} % (p90 ${paperOnline.p90} %); of our uncalibrated
roofline: ${uncalOnline.median} % (p90 ${uncalOnline.p90} %).

## Predicted vs measured TPS

Online rows were used for the fit; offline rows are held out.

${pointsTable(s)}

Held-out offline error of the calibrated roofline (g4dn, g6, g5; g6e excluded, see below): median
**${heldOut.median} %** (p90 ${heldOut.p90} %) at our own offload decision, and median
**${heldOutAtPaperOff.median} %** (p90 ${heldOutAtPaperOff.p90} %) when forced to the paper's offload fractions.

${flexgenSection(offline, unique('online'))}
## Instance selection next to Tables V and VI

${scenarioTable(s)}

## Where and why the results differ

- **Online, 400 TPS: same picks** as Table V (1st g4dn.xlarge, 2nd g6.xlarge, Max-Performance g6e.xlarge),
  by construction of the calibration on these very points.
- **Online, 600 TPS: we pick g4dn.xlarge, the paper picks g6.xlarge.** The paper's own measurement has
  g4dn.xlarge at 620 TPS, which meets 600 TPS, at $0.71 against $1.167. Its model must have predicted g4dn
  below 600; ours, calibrated to that measurement, predicts about 619 TPS over the task (the last, partial
  batch is counted as a full one) and picks it. Had the paper trusted its measurement it would have picked
  the same.
- **Offline: the offload fractions differ.** The paper reports C_off = 100 % on g4dn and 60 % on g6 and g5.
  Algorithm 1 with a KV cache that includes head_dim (12.1 GB for this batch) gives about
  ${((s.points.find((p) => p.workload === 'offline' && p.instance === 'g4dn.xlarge')?.offloadFraction ?? 0) * 100).toFixed(0)} % on the 16 GiB T4
  and 0 % on the 24 GB GPUs, at vLLM's 0.9 memory utilisation. With the paper's formula, which drops
  head_dim, the cache would be 80× smaller and nothing would be offloaded at all — so the reported fractions
  come from FlexGen's policy, not from Algorithm 1.
- **Offline TPS, vLLM-style roofline: we predict 2–6× more than measured.** Part of it is the offload
  fraction above (no offloading on g6/g5 in our placement). Forced to the paper's fractions the gap shrinks to
  about 1.8–2×: the roofline streams the offloaded KV over PCIe, while FlexGen (its cost model and the policy
  it emits, \`cpu_cache_compute\`) computes attention over the CPU-held share on the host CPU. At the
  paper's 60 % that CPU attention is most of each decode layer on both g6 and g5 in the cost model, which
  fits their measured throughputs being nearly identical (415 vs 414 TPS) although the GPUs differ. \`--engine flexgen\` models
  this (section above).
- **Offline g6e.xlarge:** Table VI prints exactly Table V's online TPS (1506.54, 1505.37) while the text
  says "about 7600 TPS"; one of them is a transcription error. We exclude it from the error figures.
- **Offline, 200 TPS: we pick g4dn.xlarge, the paper g6.xlarge.** At our 24 % offload the calibrated
  roofline puts g4dn at ~780 TPS; at FlexGen's 100 % the measured 169 TPS misses 200. Our pick rests on
  serving the batch the way vLLM would (offloading only what does not fit), which the paper did not run.
  With \`--engine flexgen\` FlexGen's policy offloads less than the paper ran and its cost model puts g4dn
  above 200 TPS too, so the pick stays g4dn.xlarge; at the paper's 100 % the cost model gives g4dn
  ${f1(offline.find((p) => p.instance === 'g4dn.xlarge')?.flexgenAtPaperOffload ?? 0)} TPS, the measurement 169.
- **Totals:** the paper's offline totals ($2.13 for g4dn) do not follow from its TPS and hourly billing
  (1.89 h → 2 h → $1.42); ours are computed from predicted run time with whole-hour billing.
`;
}
