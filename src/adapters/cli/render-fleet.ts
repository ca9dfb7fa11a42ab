import Table from 'cli-table3';
import type { FleetResult } from '../../app/fleet.js';
import type { ReplayVerdict } from '../../app/fleet-replay.js';
import { formatNumber, formatPercent, formatSeconds } from '../../messages/format.js';
import { describeIssue } from '../../messages/messages.js';
import { renderWarnings } from '../text/render-issues.js';
import { COMPACT_TABLE } from '../text/table-style.js';

/** Hours in a month of always-on serving (365 × 24 / 12). */
const HOURS_PER_MONTH = 730;

const usd = (x: number) => `$${formatNumber(x, 2)}`;
const rate = (x: number) => formatNumber(x, x < 10 ? 2 : 1);

function verdictLine(label: string, v: ReplayVerdict, r: FleetResult): string {
  const p = `P${r.settings.percentile}`;
  const parts: string[] = [];
  const slo = r.settings.slo;
  const show = (name: string, observed: number | null, limit: number | undefined) => {
    if (limit !== undefined)
      parts.push(
        `${name} ${p} ${observed === null ? '—' : formatSeconds(observed)} (≤ ${formatSeconds(limit)})`,
      );
  };
  show('TTFT', v.ttftSeconds, slo.ttftSeconds);
  show('TPOT', v.tpotSeconds, slo.tpotSeconds);
  show('E2E', v.e2eSeconds, slo.e2eSeconds);
  return `  ${label}: ${v.meets ? 'meets the SLO' : 'MISSES the SLO'} — ${parts.join(', ')}; ${formatPercent(v.sloAttainment)} of requests within every target${v.failedRequests > 0 ? `; ${v.failedRequests} not served` : ''}`;
}

/** The fleet answer as text: settings, buckets, the fleet, the saving, the replay, the capacity table. */
export function renderFleet(r: FleetResult): string {
  const s = r.settings;
  const slo = Object.entries(s.slo)
    .map(([k, v]) => `${k.replace('Seconds', '')} P${s.percentile} ≤ ${formatSeconds(v as number)}`)
    .join(', ');
  const regions = Object.entries(s.regionByProvider)
    .map(([c, reg]) => `${c} ${reg}`)
    .join(', ');
  const lines = [
    `${s.model} (${s.precision}) · ${rate(s.requestsPerSecond)} req/s from ${s.source} · SLO ${slo} · ${s.pricing} in ${regions} (prices as of ${s.catalogAsOf}) · engine ${s.engine}`,
    ...(s.reservedPrices ? [`reserved prices: ${s.reservedPrices}`] : []),
    `buckets: prompt edges ${s.inputBucketEdges.join(', ')} × output edges ${s.outputBucketEdges.join(', ')} tokens · ${s.probeRequests} requests per capacity probe · ${s.sliceFactor !== undefined ? `slice factor ${s.sliceFactor}` : 'buckets split freely among types'} · seed ${s.seed}`,
    '',
  ];
  const buckets = new Table({
    head: ['bucket', 'share', 'req/s', 'mean in', 'mean out', 'longest'],
    ...COMPACT_TABLE,
  });
  for (const b of r.buckets)
    buckets.push([
      b.id,
      formatPercent(b.share),
      rate(b.requestsPerSecond),
      formatNumber(b.meanInputTokens, 0),
      formatNumber(b.meanOutputTokens, 0),
      String(b.longestSequenceTokens),
    ]);
  lines.push(buckets.toString(), '');
  lines.push(
    `cheapest fleet: ${usd(r.fleet.usdPerHour)}/h (${usd(r.fleet.usdPerHour * HOURS_PER_MONTH)} per ${HOURS_PER_MONTH}-hour month) · ${r.solver.provenOptimal ? 'proven optimal' : 'best found, not proven optimal'}${r.solver.mipRelativeGap > 0 ? ` within ${formatPercent(r.solver.mipRelativeGap)}` : ''} (${r.solver.name}, ${r.solver.variables} variables)`,
  );
  const tries = r.utilization.attempts;
  lines.push(
    `planned at ${formatPercent(r.utilization.value)} of each type's simulated capacity${
      r.utilization.searched
        ? tries.length > 1
          ? ` (searched: ${tries.map((a) => `${formatPercent(a.utilization)} → ${usd(a.usdPerHour)}/h, ${formatPercent(a.sloAttainment)} within targets${a.meets ? ', meets' : ''}`).join('; ')})`
          : ' (the replay met the targets at full capacity)'
        : ' (--max-utilization)'
    }`,
  );
  const fleet = new Table({
    head: ['instance', 'cloud', 'region', 'GPU', 'count', '$/h', 'load', 'buckets (share)'],
    ...COMPACT_TABLE,
  });
  for (const i of r.fleet.instances)
    fleet.push([
      i.type,
      i.provider,
      i.region,
      i.gpu,
      String(i.count),
      usd(i.usdPerHour),
      formatNumber(i.load, 2),
      r.fleet.shares
        .filter((x) => x.type === i.type)
        .map((x) => `${x.bucket}${x.share < 0.9999 ? ` (${formatPercent(x.share)})` : ''}`)
        .join('; '),
    ]);
  lines.push(fleet.toString());
  if (r.bestSingleType && r.savings)
    lines.push(
      `best single type: ${r.bestSingleType.type} × ${r.bestSingleType.count} = ${usd(r.bestSingleType.usdPerHour)}/h at ${formatPercent(r.utilization.bestSingleTypeAttempts.at(-1)?.utilization ?? 1)} of its capacity → the mix ${r.savings.usdPerHour >= 0 ? `saves ${usd(r.savings.usdPerHour)}/h (${formatPercent(r.savings.fraction)})` : `costs ${usd(-r.savings.usdPerHour)}/h more`}`,
    );
  else lines.push('best single type: none serves every bucket alone');
  lines.push(
    '',
    `replayed through the simulator (${r.replay.requests.toLocaleString('en-US')} requests of ${r.replay.workload}):`,
  );
  lines.push(verdictLine('mix', r.replay.mix, r));
  if (r.replay.bestSingleType) lines.push(verdictLine('best single type', r.replay.bestSingleType, r));
  if (r.spot)
    lines.push(
      `  spot: at ${r.spot.interruptionsPerHour} interruptions/instance-hour and ${formatSeconds(r.spot.restartSeconds)} to replace one, an instance is out ${formatPercent(r.spot.instanceDownFraction)} of the time and some instance ${formatPercent(r.spot.anyDownProbability)}; with one out: ${r.spot.oneOut.map((o) => `${o.type} ${formatPercent(o.sloAttainment)}`).join(', ')} of requests within the targets → expected ${formatPercent(r.spot.expectedSloAttainment)}`,
    );
  const shown = new Set([...r.fleet.instances.map((i) => i.type), r.bestSingleType?.type]);
  const capacity = new Table({
    head: ['req/s per instance', '$/h', ...r.buckets.map((b) => b.id)],
    ...COMPACT_TABLE,
  });
  for (const t of r.types.filter((x) => shown.has(x.instance)))
    capacity.push([
      `${t.instance} (${t.gpuCount}× ${t.gpu}, TP ${t.tensorParallel})`,
      usd(t.usdPerHour),
      ...t.requestsPerSecond.map((x) => (x > 0 ? rate(x) : '—')),
    ]);
  lines.push(
    '',
    `capacity within the SLO (simulated; ${r.types.length} candidate types, ${r.rejected.length} instance types rejected):`,
    capacity.toString(),
  );
  const reasons = new Map<string, number>();
  for (const x of r.rejected) {
    const k = describeIssue(x.reason);
    reasons.set(k, (reasons.get(k) ?? 0) + 1);
  }
  for (const [k, count] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 5))
    lines.push(`  rejected ×${count}: ${k}`);
  const warnings = renderWarnings(r.warnings);
  return `${lines.join('\n')}\n${warnings}`;
}
