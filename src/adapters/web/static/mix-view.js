// The capacity-mix results: the cheapest reserved baseline with on-demand above it, against all on-demand
// and all reserved; replicas per window against the demand; the autoscaler's target.
import { esc, mixWindowsSvg } from './charts.js';
import { chartWidth, notesHtml, num, pct, usd } from './recommend-view.js';
import { duration, span } from './simulate-view.js';

const $ = (sel) => document.querySelector(sel);
let last = null;
const money = (v) => (v >= 1000 ? `$${num(v)}` : usd(v));
const PLANS = [
  ['mix', 'cheapest mix'],
  ['all-on-demand', 'all on-demand'],
  ['all-reserved', 'all reserved (peak)'],
];
const TARGETS = [
  ['TTFT', 'ttftSeconds'],
  ['TPOT', 'tpotSeconds'],
  ['end-to-end', 'e2eSeconds'],
];

function renderSummary(json) {
  const s = json.settings;
  const mix = json.plans.mix;
  const sv = json.savings;
  const targets = TARGETS.filter(([, k]) => s.slo[k] !== undefined)
    .map(([label, k]) => `${label} ≤ ${duration(s.slo[k])}`)
    .join(', ');
  const demand =
    s.demand === 'profile'
      ? `a diurnal profile: mean ${num(s.profile.meanRequestsPerSecond)} requests/s, amplitude ${num(s.profile.amplitude, 2)}, peak at hour ${num(s.profile.peakHour, 1)}, ${num(s.profile.days)} day${s.profile.days === 1 ? '' : 's'}`
      : `${esc(s.trace)} (${num(s.traceRequests)} requests)`;
  const p = json.prices;
  const c = json.capacity;
  $('#mix-summary').innerHTML =
    `<p class="pick-line" id="mix-text"><span class="badge">◆ Cheapest mix</span> <strong>${num(mix.reservedReplicas)} reserved</strong> ${esc(s.gpu)} replica${mix.reservedReplicas === 1 ? '' : 's'} and ${num(mix.onDemandReplicaHours, 1)} on-demand GPU-hours above them: <strong>${money(mix.totalUsd)}</strong> over ${num(s.horizonHours)} h (${money(mix.usdPerMonth)} a month) — ${money(sv.vsAllOnDemand.usd)} (${pct(sv.vsAllOnDemand.fraction)}) less than all on-demand and ${money(sv.vsAllReserved.usd)} (${pct(sv.vsAllReserved.fraction)}) less than reserving the peak.</p>
<p class="why">${esc(s.model)}, ${esc(s.precision)}, one ${esc(s.gpu)} per replica; P${s.percentile} ${esc(targets)}. Demand: ${demand}; ${num(s.windows)} windows of ${span(s.windowSeconds)}; a new replica takes ${span(s.scaleUpDelaySeconds)} to start. One replica serves <strong>${num(c.requestsPerSecondPerReplica, 2)} requests/s</strong> within the targets (${num(c.saturatedRequestsPerSecondPerReplica, 2)} saturated), simulated on ${num(s.traceRequests)} requests of the sizes given. $/GPU-hour in ${esc(p.cloud)} ${esc(p.region)}: on-demand ${usd(p.onDemandUsdPerGpuHour)}, reserved ${usd(p.reservedUsdPerGpuHour)}${p.spotUsdPerGpuHour === null ? '' : `, spot ${usd(p.spotUsdPerGpuHour)}`} (${esc(p.sources.onDemand)}; ${esc(p.sources.reserved)}).</p>`;
}

function renderTables(json) {
  $('#mix-plans').innerHTML =
    `<thead><tr><th scope="col">plan</th><th scope="col">reserved replicas</th><th scope="col">on-demand GPU-h</th><th scope="col">batch GPU-h on reserved / elsewhere</th><th scope="col">$ over the horizon</th><th scope="col">$ a month (30 days)</th></tr></thead><tbody>${PLANS.map(
      ([key, label]) => {
        const t = json.plans[key];
        return `<tr class="${key === 'mix' ? 'is-pick' : ''}"><th scope="row">${key === 'mix' ? '◆ ' : ''}${label}</th><td>${num(t.reservedReplicas)}</td><td>${num(t.onDemandReplicaHours, 1)}</td><td>${num(t.batchOnReservedReplicaHours, 1)} / ${num(t.batchElsewhereReplicaHours, 1)}</td><td>${money(t.totalUsd)}</td><td>${money(t.usdPerMonth)}</td></tr>`;
      },
    ).join('')}</tbody>`;
  const a = json.autoscaling;
  const b = json.batch;
  const parts = [];
  if (a)
    parts.push(
      `<p id="mix-hpa"><strong>Autoscaling:</strong> scale on <code>${esc(a.metric)}</code> per replica with a target of <strong>${num(a.queueDepthPerReplica, 3)}</strong> requests waiting (the average queue one replica holds at ${num(a.atRequestsPerSecond, 2)} requests/s, the most it serves within the targets; ${num(a.runningPerReplica, 1)} running), from ${num(a.minReplicas)} replicas (the reserved baseline) to ${num(a.maxReplicas)} (the peak window). ${a.separatesSlo ? 'Simulated at 50–150 % of that rate, the queue stays at or below the target exactly where the targets are met.' : 'Simulated at 50–150 % of that rate, the queue alone does not part the rates that meet the targets from those that miss them: keep a margin.'}</p>`,
    );
  if (b)
    parts.push(
      `<p class="why">Batch work: ${num(b.requests)} requests, ${num(b.replicaHours, 1)} GPU-hours at full throughput, beyond the reserved replicas' idle time on ${esc(b.runsOn)} at ${usd(b.effectiveUsdPerReplicaHour)} per GPU-hour${b.spotExpectedStretch ? ` (spot's reruns and restarts stretch it ×${num(b.spotExpectedStretch, 3)})` : ''}.</p>`,
    );
  if (json.replay)
    parts.push(
      `<p class="why">The trace replayed through the mix: SLO attainment ${pct(json.replay.sloAttainment ?? 0)}, ${num(json.replay.windowsMeetingSlo)} of ${num(json.replay.windows)} windows meet the targets.</p>`,
    );
  parts.push(
    `<p class="why">Solved by ${esc(json.solver.method)}: ${num(json.solver.candidates)} candidates, exact.</p>`,
  );
  $('#mix-notes').innerHTML = parts.join('');
  $('#mix-warnings').innerHTML = notesHtml(json.warnings ?? []);
}

function renderChart(json) {
  const windows = json.windows.map((w) => ({
    startSeconds: w.startSeconds,
    endSeconds: w.endSeconds,
    reserved: w.reserved,
    onDemand: w.onDemand,
    needed: w.replicasNeeded,
    title: `window ${w.window}: ${num(w.interactiveRequestsPerSecond, 2)} requests/s, ${w.replicasNeeded} needed, ${w.reserved} reserved + ${w.onDemand} on-demand`,
  }));
  $('#mix-chart').innerHTML = mixWindowsSvg(windows, { width: chartWidth('#mix-chart') });
}

/** Shows a capacity-mix response (its section visible, so the chart measures its box). */
export function renderMix(json) {
  renderSummary(json);
  renderTables(json);
  renderChart(json);
  last = json;
}

/** Redraws the chart at its box's new width (after a resize). */
export function redrawMix() {
  if (last && !$('#mix-results').hidden) renderChart(last);
}
