import Table from 'cli-table3';
import type { CapacityMixResult } from '../../app/capacity-mix-result.js';
import { formatNumber, formatPercent, formatSeconds, formatUsd } from '../../messages/format.js';
import { quantity } from '../emit/k8s.js';
import { renderWarnings } from '../text/render-issues.js';
import { COMPACT_TABLE } from '../text/table-style.js';
import { toCsv } from './csv.js';

const PLAN_LABEL = {
  mix: 'cheapest mix',
  'all-on-demand': 'all on-demand',
  'all-reserved': 'all reserved (peak)',
};

/** Windows shown in the text table; the CSV and JSON hold every one. */
const SHOWN_WINDOWS = 24;

/** d 2 14:05 or 14:05 from the horizon's start. */
function clock(seconds: number, days: boolean): string {
  const m = Math.round(seconds / 60);
  const hm = `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return days ? `d${Math.floor(m / 1440) + 1} ${hm}` : hm;
}

/** The capacity mix as text: inputs, the three plans, savings, the autoscaling target, the window plan. */
export function renderCapacityMix(r: CapacityMixResult): string {
  const s = r.settings;
  const p = r.prices;
  const slo = Object.entries(s.slo)
    .map(([k, v]) => `${k.replace('Seconds', '')} P${s.percentile} ≤ ${formatSeconds(v as number)}`)
    .join(', ');
  const demand = s.profile
    ? `diurnal profile: mean ${s.profile.meanRequestsPerSecond} req/s × (1 + ${s.profile.amplitude} cos(2π(t − ${s.profile.peakHour} h)/24 h)), ${s.profile.days} days (request sizes from ${s.trace})`
    : `${s.trace} (${s.traceRequests.toLocaleString('en-US')} requests)`;
  const usd = (x: number | null) => (x === null ? '—' : `$${formatNumber(x, 3)}`);
  const lines = [
    `${s.model} (${s.precision}) on one ${s.gpu} per replica · SLO ${slo}`,
    `demand: ${demand} · ${s.windows} windows of ${formatSeconds(s.windowSeconds)}, ${formatNumber(s.horizonHours, 1)} h · batch share ${formatPercent(s.batchFraction)} · scale-up delay ${formatSeconds(s.scaleUpDelaySeconds)} · seed ${s.seed}`,
    `$/GPU-hour in ${p.cloud} ${p.region}: on-demand ${usd(p.onDemandUsdPerGpuHour)} (${p.sources.onDemand}); reserved ${usd(p.reservedUsdPerGpuHour)} (${p.sources.reserved}); spot ${usd(p.spotUsdPerGpuHour)}${p.sources.spot ? ` (${p.sources.spot})` : ''}`,
    `one replica: ${formatNumber(r.capacity.requestsPerSecondPerReplica, 2)} req/s within the SLO, ${formatNumber(r.capacity.saturatedRequestsPerSecondPerReplica, 2)} req/s saturated (simulated on the trace's sizes, ${r.capacity.simulations} simulations, engine ${s.engine})`,
    '',
  ];
  const plans = new Table({
    head: [
      'plan',
      'reserved',
      'on-demand GPU-h',
      'batch GPU-h on reserved / elsewhere',
      '$ horizon',
      '$ / 30 days',
    ],
    ...COMPACT_TABLE,
  });
  for (const key of ['mix', 'all-on-demand', 'all-reserved'] as const) {
    const t = r.plans[key];
    plans.push([
      PLAN_LABEL[key],
      String(t.reservedReplicas),
      formatNumber(t.onDemandReplicaHours, 1),
      `${formatNumber(t.batchOnReservedReplicaHours, 1)} / ${formatNumber(t.batchElsewhereReplicaHours, 1)}`,
      formatUsd(t.totalUsd),
      formatUsd(t.usdPerMonth),
    ]);
  }
  lines.push(plans.toString());
  const v = r.savings;
  lines.push(
    `The mix saves ${formatUsd(v.vsAllOnDemand.usd)} (${formatPercent(v.vsAllOnDemand.fraction)}) against all on-demand and ${formatUsd(v.vsAllReserved.usd)} (${formatPercent(v.vsAllReserved.fraction)}) against all reserved at peak; solved by ${r.solver.method}, ${r.solver.candidates} candidates (exact).`,
  );
  if (r.batch)
    lines.push(
      `Batch: ${formatNumber(r.batch.requests, 0)} requests = ${formatNumber(r.batch.replicaHours, 1)} saturated replica-hours; beyond idle reserved time they run on ${r.batch.runsOn} at ${usd(r.batch.effectiveUsdPerReplicaHour)}/replica-hour${r.batch.spotExpectedStretch !== null ? ` (spot × ${formatNumber(r.batch.spotExpectedStretch, 4)} expected for reruns and restarts)` : ''}.`,
    );
  const a = r.autoscaling;
  if (a)
    lines.push(
      `Autoscaling: HPA on ${a.metric} per pod, target ${quantity(a.queueDepthPerReplica)} (${formatNumber(a.queueDepthPerReplica, 3)} requests waiting on average at ${formatNumber(a.atRequestsPerSecond, 2)} req/s, the highest rate one replica serves within the SLO; ${formatNumber(a.runningPerReplica, 1)} running, at most ${a.maxQueueDepthPerReplica} waiting), min ${a.minReplicas} (the reserved baseline), max ${a.maxReplicas} (the peak window).`,
    );
  if (a)
    lines.push(
      `Queue per replica against its rate (simulated): ${a.queueCurve
        .map(
          (q) =>
            `${formatPercent(q.shareOfCapacity)} → ${formatNumber(q.queueDepthPerReplica, 3)} (${q.meetsSlo ? 'SLO met' : 'SLO missed'})`,
        )
        .join(
          ', ',
        )}; ${a.separatesSlo ? 'the target parts them' : 'the target does not part them: treat it with care'}.`,
    );
  if (r.replay)
    lines.push(
      `Replay of the trace's ${r.replay.requests.toLocaleString('en-US')} interactive requests through the mix: SLO attainment ${r.replay.sloAttainment === null ? '—' : formatPercent(r.replay.sloAttainment)}, ${r.replay.windowsMeetingSlo}/${r.replay.windows} windows meet the SLO at P${s.percentile}.`,
    );
  else lines.push('No replay: a profile has no requests to replay (its demand is counts per window).');
  lines.push('');
  const days = s.horizonHours > 24;
  const step = Math.max(1, Math.ceil(r.windows.length / SHOWN_WINDOWS));
  const table = new Table({
    head: ['window', 'start', 'requests', 'interactive req/s', 'needed', 'reserved', 'on-demand', 'SLO att.'],
    ...COMPACT_TABLE,
  });
  const origin = r.windows[0]?.startSeconds ?? 0;
  for (let k = 0; k < r.windows.length; k += step) {
    const w = r.windows[k];
    if (!w) continue;
    table.push([
      String(w.window),
      clock(w.startSeconds - (s.profile ? 0 : origin), days),
      formatNumber(w.requests, 0),
      formatNumber(w.interactiveRequestsPerSecond, 2),
      String(w.replicasNeeded),
      String(w.reserved),
      String(w.onDemand),
      w.sloAttainment === undefined || w.sloAttainment === null ? '—' : formatPercent(w.sloAttainment),
    ]);
  }
  lines.push(
    step > 1
      ? `Window plan, every ${step}th of ${r.windows.length} windows (all: --csv or --json):`
      : 'Window plan (also --csv):',
    table.toString(),
    '',
  );
  return `${lines.join('\n')}${renderWarnings(r.warnings)}`;
}

/** One row per window of the cheapest mix. */
export function capacityMixCsv(r: CapacityMixResult): string {
  return toCsv(
    [
      'window',
      'start_s',
      'end_s',
      'requests',
      'interactive_requests_per_s',
      'replicas_needed',
      'reserved',
      'on_demand',
      'slo_attainment',
    ],
    r.windows.map((w) => [
      w.window,
      w.startSeconds,
      w.endSeconds,
      w.requests,
      w.interactiveRequestsPerSecond,
      w.replicasNeeded,
      w.reserved,
      w.onDemand,
      w.sloAttainment ?? '',
    ]),
  );
}
