// The capacity results: the most requests/s each instance type serves within the P95 targets, as a bar
// chart and a table, with the rejected types and why.
import { esc, rateBarsSvg } from './charts.js';
import { chartWidth, limitRows, notesHtml, num, rejectedTableHtml, usd } from './recommend-view.js';
import { duration } from './simulate-view.js';

const $ = (sel) => document.querySelector(sel);
/** Bars drawn (the table lists every type). */
const BARS = 12;
const rate = (v) => (v === null || v === undefined ? '–' : num(v, v < 10 ? 2 : 1));
const layout = (r) => `TP${r.tensorParallel} × ${r.replicasPerInstance}`;
/** Requests/s per GPU of the whole fleet (`instances` instances of `gpuCount` GPUs). */
const perGpu = (r) => r.maxRequestsPerSecond / (r.gpuCount * r.instances);
const TARGETS = [
  ['TTFT', 'ttftSeconds', 'ttftP95Seconds'],
  ['TPOT', 'tpotSeconds', 'tpotP95Seconds'],
  ['end-to-end', 'e2eSeconds', 'e2eP95Seconds'],
];
let last = null;

function renderSummary(json) {
  const s = json.settings;
  const targets = TARGETS.filter(([, key]) => s.sloP95[key] !== undefined)
    .map(([label, key]) => `${label} ≤ ${duration(s.sloP95[key])}`)
    .join(', ');
  const best = json.results[0];
  const first = best
    ? `<p class="pick-line" id="cap-text"><span class="badge">◆ Cheapest capacity</span> <strong>${esc(best.instance)}</strong> (${best.gpuCount}× ${esc(best.gpu)}) serves up to ${rate(best.maxRequestsPerSecond)} requests/s${best.instances > 1 ? ` on ${best.instances} instances` : ''} (${rate(perGpu(best))} per GPU) at ${usd(best.fleetUsdPerHour)}/h: ${usd(best.usdPerRequestPerSecondHour)} per request/s for an hour.</p>`
    : `<p class="nopick" id="cap-text"><strong>No instance type meets the targets.</strong> ${json.rejected.length} rejected: see why below.</p>`;
  $('#cap-summary').innerHTML = `${first}
<p class="why">${esc(s.model)}, ${esc(s.precision)}; P95 targets: ${esc(targets || 'none')}; ${num(s.instancesCount)} instance${s.instancesCount === 1 ? '' : 's'} of each type; ${esc(s.catalog)} prices as of ${esc(s.catalogAsOf)} in ${esc(s.region)} (${esc(s.pricing)}). Each rate is found by bisection, simulating ${num(s.probeRequests)} requests of the workload (${esc(s.workload.source)}) time-scaled to the rate probed; the whisker reaches the lowest rate that missed.</p>`;
}

function renderTables(json) {
  const slo = json.settings.sloP95;
  const shown = TARGETS.filter(([, key]) => slo[key] !== undefined);
  $('#cap-table').innerHTML =
    json.results.length === 0
      ? '<tbody><tr><td>none</td></tr></tbody>'
      : `<thead><tr><th scope="col">instance</th><th scope="col">GPUs</th><th scope="col">layout</th><th scope="col">max requests/s</th><th scope="col">bracket</th><th scope="col">per GPU</th>${shown.map(([label]) => `<th scope="col">${label} P95</th>`).join('')}<th scope="col">$/h</th><th scope="col">$ per request/s·h</th></tr></thead><tbody>${json.results
          .map(
            (r, i) =>
              `<tr class="${i === 0 ? 'is-pick' : ''}"><th scope="row">${i === 0 ? '◆ ' : ''}${esc(r.instance)}</th><td>${r.gpuCount}× ${esc(r.gpu)}</td><td>${layout(r)}</td><td>${rate(r.maxRequestsPerSecond)}${r.throughputBound ? ' (its throughput)' : ''}</td><td>${r.upperBoundRequestsPerSecond === null ? '–' : `[${rate(r.maxRequestsPerSecond)}, ${rate(r.upperBoundRequestsPerSecond)}]`}</td><td>${rate(perGpu(r))}</td>${shown.map(([, , measured]) => `<td>${duration(r.atAnswer[measured])}</td>`).join('')}<td>${usd(r.fleetUsdPerHour)}</td><td>${usd(r.usdPerRequestPerSecondHour)}</td></tr>`,
          )
          .join('')}</tbody>`;
  $('#cap-rejected').innerHTML = rejectedTableHtml(json.rejected);
  limitRows('cap-table', 'instance types');
  limitRows('cap-rejected', 'rejected instances');
  $('#cap-warnings').innerHTML = notesHtml([
    ...json.results.flatMap((r) => r.warnings ?? []),
    ...(json.warnings ?? []),
  ]);
}

function renderChart(json) {
  const rows = json.results.slice(0, BARS).map((r, i) => ({
    name: r.instance,
    value: r.maxRequestsPerSecond,
    upper: r.upperBoundRequestsPerSecond,
    first: i === 0,
    note: `${usd(r.usdPerRequestPerSecondHour)} per request/s·h`,
    title: `${rate(r.maxRequestsPerSecond)} requests/s (${rate(perGpu(r))} per GPU) at ${usd(r.fleetUsdPerHour)}/h`,
  }));
  $('#cap-chart').innerHTML = rateBarsSvg(rows, { width: chartWidth('#cap-chart') });
}

/** Shows a capacity response (its section visible, so the chart measures its box). */
export function renderCapacity(json) {
  renderSummary(json);
  renderTables(json);
  renderChart(json);
  last = json;
}

/** Redraws the chart at its box's new width (after a resize). */
export function redrawCapacity() {
  if (last && !$('#cap-results').hidden) renderChart(last);
}
