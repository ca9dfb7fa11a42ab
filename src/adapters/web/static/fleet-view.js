// The fleet results: the cheapest mix of instance types for the request sizes at the rate, against the best
// single type, both replayed; which type serves which size bucket, and what each type serves of each bucket.
import { esc, fleetBarsSvg } from './charts.js';
import { chartWidth, notesHtml, num, pct, usd } from './recommend-view.js';
import { duration } from './simulate-view.js';
import { resultWords } from './words.js';

const $ = (sel) => document.querySelector(sel);
let last = null;
const rate = (v) => (v === null || v === undefined ? '–' : num(v, v < 10 ? 2 : 1));
const fleetText = (instances) => instances.map((i) => `${i.count}× ${i.type}`).join(' + ');
const TARGETS = [
  ['TTFT', 'ttftSeconds'],
  ['TPOT', 'tpotSeconds'],
  ['end-to-end', 'e2eSeconds'],
];

function replayLine(label, r, slo) {
  if (!r) return '';
  const shown = TARGETS.filter(([, k]) => slo[k] !== undefined)
    .map(([name, k]) => `${name} ${duration(r[k])}`)
    .join(', ');
  return `${label}: ${r.meets ? 'meets' : 'misses'} the targets, ${pct(r.sloAttainment)} of requests within them (P95 ${shown})`;
}

function renderSummary(json) {
  const s = json.settings;
  const f = json.fleet;
  const best = json.bestSingleType;
  const targets = TARGETS.filter(([, k]) => s.slo[k] !== undefined)
    .map(([label, k]) => `${label} ≤ ${duration(s.slo[k])}`)
    .join(', ');
  const saving =
    best && json.savings
      ? ` — ${usd(json.savings.usdPerHour)}/h (${pct(json.savings.fraction)}) less than the best single type, ${best.count}× ${esc(best.type)} at ${usd(best.usdPerHour)}/h`
      : '';
  const where = Object.entries(s.regionByProvider)
    .map(([c, r]) => `${c} ${r}`)
    .join(', ');
  const replay = json.replay;
  $('#fleet-summary').innerHTML =
    `<p class="pick-line" id="fleet-text"><span class="badge">◆ Cheapest fleet</span> <strong>${esc(fleetText(f.instances))}</strong> at <strong>${usd(f.usdPerHour)}/h</strong>${saving}.</p>
<p class="why">${esc(s.model)}, ${esc(s.precision)}, ${esc(s.pricing)}; ${num(s.requestsPerSecond, 2)} requests/s in ${json.buckets.length} size bucket${json.buckets.length === 1 ? '' : 's'}; P${s.percentile} ${esc(targets)}; ${esc(where)} (prices as of ${esc(s.catalogAsOf)}). Each type's requests/s per bucket from the simulator (capacity probes of ${num(s.probeRequests)} requests), the mix solved exactly (${esc(json.solver.name)}, ${esc(json.solver.status)}${json.solver.provenOptimal ? ', proven optimal' : ', not proven optimal'}) at ${pct(json.utilization.value)} of each type's capacity.</p>
${replay ? `<p class="why" id="fleet-replay">Replayed through the simulator (${esc(replay.workload)}): ${esc(replayLine('the mix', replay.mix, s.slo))}${replay.bestSingleType ? `; ${esc(replayLine('the single type', replay.bestSingleType, s.slo))}` : ''}.</p>` : ''}`;
}

function renderTables(json) {
  const types = json.types;
  $('#fleet-shares').innerHTML =
    `<thead><tr><th scope="col">size bucket</th><th scope="col">share</th><th scope="col">requests/s</th><th scope="col">served by</th></tr></thead><tbody>${json.buckets
      .map((b) => {
        const on = json.fleet.shares
          .filter((x) => x.bucket === b.id)
          .map((x) => `${esc(x.type)} ${pct(x.share)} (${rate(x.requestsPerSecond)}/s)`)
          .join(', ');
        return `<tr><th scope="row">${esc(b.id)}</th><td>${pct(b.share)}</td><td>${rate(b.requestsPerSecond)}</td><td class="wrap">${on || '–'}</td></tr>`;
      })
      .join('')}</tbody>`;
  $('#fleet-types').innerHTML =
    `<thead><tr><th scope="col">instance</th><th scope="col">GPUs</th><th scope="col">$/h</th>${json.buckets.map((b) => `<th scope="col">${esc(b.id)}: requests/s</th>`).join('')}</tr></thead><tbody>${types
      .map(
        (t) =>
          `<tr><th scope="row">${esc(t.instance)}</th><td>${t.gpuCount}× ${esc(t.gpu)}</td><td>${usd(t.usdPerHour)}</td>${t.requestsPerSecond
            .map((v, k) => {
              const why = t.reasons[k];
              return `<td${why ? ' class="wrap"' : ''}>${why ? esc(resultWords(why.message ?? why.code)) : v > 0 ? rate(v) : '–'}</td>`;
            })
            .join('')}</tr>`,
      )
      .join('')}</tbody>`;
  $('#fleet-warnings').innerHTML = notesHtml([
    ...json.rejected.map((r) => `${r.instance}: ${r.reason?.message ?? r.reason?.code ?? ''}`),
    ...(json.warnings ?? []),
  ]);
}

function renderChart(json) {
  const classes = new Map();
  const cls = (type) => {
    if (!classes.has(type)) classes.set(type, `seg-${classes.size % 5}`);
    return classes.get(type);
  };
  const rows = [
    {
      name: 'cheapest fleet',
      first: true,
      segments: json.fleet.instances.map((i) => ({
        type: i.type,
        count: i.count,
        usdPerHour: i.usdPerHour,
        cls: cls(i.type),
      })),
    },
  ];
  const best = json.bestSingleType;
  if (best)
    rows.push({
      name: 'best single type',
      segments: [{ type: best.type, count: best.count, usdPerHour: best.usdPerHour, cls: cls(best.type) }],
    });
  $('#fleet-chart').innerHTML = fleetBarsSvg(rows, { width: chartWidth('#fleet-chart') });
}

/** Shows a fleet response (its section visible, so the chart measures its box). */
export function renderFleet(json) {
  renderSummary(json);
  renderTables(json);
  renderChart(json);
  last = json;
}

/** Redraws the chart at its box's new width (after a resize). */
export function redrawFleet() {
  if (last && !$('#fleet-results').hidden) renderChart(last);
}
