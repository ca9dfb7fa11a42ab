import type { Span, Uncertainty, uncertaintyJson } from '../../app/prediction-uncertainty.js';
import type { StageBand } from '../../core/prediction-band.js';
import { formatNumber, formatSeconds } from '../../messages/format.js';

/** `[2.73–3.73 s]`: a time's p10–p90 band (empty without one). */
export function secondsBand(span: Span, u: Uncertainty): string {
  return u.available ? `  [${formatSeconds(span.low)}–${formatSeconds(span.high)}]` : '';
}

/** `[4,100.0–5,400.0]`: a rate's band, slow edge first (empty without one). */
export function rateBand(span: Span, u: Uncertainty): string {
  return u.available ? `  [${formatNumber(span.low)}–${formatNumber(span.high)}]` : '';
}

const where = (b: StageBand) =>
  `${b.n} held-out steps of ${b.engineGroup === 'all' ? 'every measured engine' : b.engineGroup}${b.tensorParallel === 'all' ? '' : ` at TP ${b.tensorParallel}`}`;

const ratio = (x: number) => `×${x.toFixed(2)}`;

/** One line saying what the bands are and where they were measured, or why there is none. */
export function uncertaintyLine(u: Uncertainty): string {
  if (!u.available) return `Uncertainty: no band — ${u.reason}.`;
  return (
    `Uncertainty [p10–p90]: prefill ${ratio(u.prefill.p10)}–${ratio(u.prefill.p90)} (${where(u.prefill)}), ` +
    `decode ${ratio(u.decode.p10)}–${ratio(u.decode.p90)} (${where(u.decode)}): measured / predicted, leave-one-group-out (docs/step-model.md)` +
    (u.outsideFittedRange.length > 0 ? '; extrapolated (see note)' : '')
  );
}

/** The margin the SLO check used, in words. */
export function marginWords(u: Uncertainty): string {
  if (!u.available)
    return u.margin === 'none' ? 'point prediction' : `point prediction (no band for --margin ${u.margin})`;
  if (u.margin === 'none') return 'point prediction (--margin none)';
  return `${u.margin} edge of the band (prefill ${ratio(u.margin === 'p90' ? u.prefill.p90 : u.prefill.p50)}, decode ${ratio(u.margin === 'p90' ? u.decode.p90 : u.decode.p50)})`;
}

type UncertaintyJson = ReturnType<typeof uncertaintyJson>;

/** `894.9 [760.0–1,010.0]`: a candidate's TPS with its band (the point alone without one). */
export function candidateTps(tokensPerSecond: number, j: UncertaintyJson | undefined): string {
  const span = j?.available ? j.bands?.tokensPerSecond : undefined;
  return span
    ? `${formatNumber(tokensPerSecond)} [${formatNumber(span.low, 0)}–${formatNumber(span.high, 0)}]`
    : formatNumber(tokensPerSecond);
}

/** The pick's band and the TPS its SLO check used, in words. */
export function candidateUncertaintyLine(j: UncertaintyJson | undefined, sloTokensPerSecond: number): string {
  if (!j) return '';
  if (!j.available)
    return `Uncertainty: no band — ${j.reason}; the SLO was checked on the point prediction.\n`;
  const r = (x: number) => `×${x.toFixed(2)}`;
  const at = j.bands?.tokensPerSecondAtMargin;
  const check =
    j.margin === 'none' || at === undefined
      ? 'the SLO was checked on the point prediction (--margin none)'
      : `at its ${j.margin} edge ${formatNumber(at)} TPS ≥ ${formatNumber(sloTokensPerSecond)}`;
  const where = (b: UncertaintyJson & { available: true }) =>
    `${b.decode.engineGroup === 'all' ? 'every measured engine' : b.decode.engineGroup}${b.decode.tensorParallel === 'all' ? '' : ` at TP ${b.decode.tensorParallel}`}`;
  return (
    `Uncertainty [p10–p90]: prefill ${r(j.prefill.measuredOverPredictedP10)}–${r(j.prefill.measuredOverPredictedP90)}, ` +
    `decode ${r(j.decode.measuredOverPredictedP10)}–${r(j.decode.measuredOverPredictedP90)} (measured / predicted, held-out steps of ${where(j)}); ${check}` +
    `${j.outsideFittedRange.length > 0 ? '; extrapolated (see note)' : ''}.\n`
  );
}

/** A latency pick's margin: the step times its fleet was simulated with, or why at the point prediction. */
export function simulatedMarginLine(j: UncertaintyJson | undefined): string {
  if (!j) return '';
  if (!j.available) return `Uncertainty: no band — ${j.reason}; simulated at the point prediction.\n`;
  const r = (x: number) => `×${x.toFixed(2)}`;
  const band = `prefill ${r(j.prefill.measuredOverPredictedP10)}–${r(j.prefill.measuredOverPredictedP90)}, decode ${r(j.decode.measuredOverPredictedP10)}–${r(j.decode.measuredOverPredictedP90)}`;
  const edge =
    j.margin === 'none'
      ? 'simulated at the point prediction (--margin none)'
      : `simulated with every step at its ${j.margin} edge (prefill ${r(j.margin === 'p90' ? j.prefill.measuredOverPredictedP90 : j.prefill.measuredOverPredictedP50)}, decode ${r(j.margin === 'p90' ? j.decode.measuredOverPredictedP90 : j.decode.measuredOverPredictedP50)}; mixed steps the larger)`;
  return `Uncertainty [p10–p90 of measured / predicted step times]: ${band}; ${edge}${j.outsideFittedRange.length > 0 ? '; extrapolated (see note)' : ''}.\n`;
}
