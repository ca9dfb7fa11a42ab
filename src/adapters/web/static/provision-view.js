// The provisioning results: OASIS's fleet window by window against static peak provisioning and one GPU
// always on — GPUs and SLO attainment per window, and the totals (SLO attainment, GPU-hours, $, kWh).
import { esc, timelineSvg } from './charts.js';
import { chartWidth, notesHtml, num, pct, usd } from './recommend-view.js';
import { duration, span } from './simulate-view.js';

const $ = (sel) => document.querySelector(sel);
let last = null;
const STRATEGIES = [
  ['oasis', 'OASIS (per window)', 'line-a', 'OASIS'],
  ['static-peak', 'static peak', 'line-b', 'static peak'],
  ['one-gpu', 'one GPU always on', 'line-c', 'one GPU'],
];
const TARGETS = [
  ['TTFT', 'ttftSeconds'],
  ['TPOT', 'tpotSeconds'],
  ['end-to-end', 'e2eSeconds'],
];
const sentence = (text) => String(text).replace(/^./, (c) => c.toUpperCase());
const kwh = (v) => (v === null || v === undefined ? '–' : v < 10 ? v.toFixed(3) : num(v, 1));

function renderSummary(json, traceNote) {
  const s = json.settings;
  const t = json.totals;
  const o = t.oasis;
  const peak = t['static-peak'];
  const targets = TARGETS.filter(([, k]) => s.slo[k] !== undefined)
    .map(([label, k]) => `${label} ≤ ${duration(s.slo[k])}`)
    .join(', ');
  const saved = peak.gpuHours > 0 ? 1 - o.gpuHours / peak.gpuHours : 0;
  $('#prov-summary').innerHTML =
    `<p class="pick-line" id="prov-text"><span class="badge">◆ OASIS</span> Window by window, OASIS uses <strong>${num(o.gpuHours, 2)} GPU-hours</strong> (${usd(o.usd)}, ${kwh(o.kwh)} kWh) against ${num(peak.gpuHours, 2)} (${usd(peak.usd)}) for static peak provisioning — ${pct(saved)} fewer — and meets the P${s.percentile} targets for <strong>${pct(o.sloAttainment ?? 0)}</strong> of the requests (static peak: ${pct(peak.sloAttainment ?? 0)}).</p>
<p class="why">${esc(s.model)}, ${esc(s.precision)} on ${esc(s.gpu)} (whole GPUs${s.migProfiles.length ? ` or MIG slices ${esc(s.migProfiles.join(', '))}` : ''}); P${s.percentile} ${esc(targets)}. Trace: ${esc(traceNote)}, ${num(s.requests)} requests in ${num(s.windows)} windows of ${span(s.windowSeconds)}; a new replica takes ${span(s.scaleUpDelaySeconds)} to start. OASIS is reactive: each window runs the fleet the previous window's rates called for. ${esc(sentence(s.priceSource))}. ${esc(sentence(s.powerSource))}.</p>`;
}

function renderTables(json) {
  const t = json.totals;
  const carbon = Object.values(t).some((x) => x.kgCo2 !== null);
  $('#prov-totals').innerHTML =
    `<thead><tr><th scope="col">strategy</th><th scope="col">SLO attainment</th><th scope="col">windows meeting the SLO</th><th scope="col">GPU-hours</th><th scope="col">$</th><th scope="col">kWh</th>${carbon ? '<th scope="col">kg CO₂</th>' : ''}</tr></thead><tbody>${STRATEGIES.filter(
      ([key]) => t[key],
    )
      .map(([key, label]) => {
        const x = t[key];
        return `<tr class="${key === 'oasis' ? 'is-pick' : ''}"><th scope="row">${key === 'oasis' ? '◆ ' : ''}${label}</th><td>${x.sloAttainment === null ? '–' : pct(x.sloAttainment)}</td><td>${num(x.windowsMeetingSlo)} of ${num(json.settings.windows)}</td><td>${num(x.gpuHours, 3)}</td><td>${usd(x.usd)}</td><td>${kwh(x.kwh)}</td>${carbon ? `<td>${x.kgCo2 === null ? '–' : num(x.kgCo2, 3)}</td>` : ''}</tr>`;
      })
      .join('')}</tbody>`;
  const rows = json.timeline.filter((w) => w.strategy === 'oasis');
  const t0 = rows[0]?.startSeconds ?? 0;
  $('#prov-windows').innerHTML =
    `<thead><tr><th scope="col">window</th><th scope="col">start</th><th scope="col">requests</th><th scope="col">OASIS fleet</th><th scope="col">GPUs</th><th scope="col">SLO attainment</th><th scope="col">P${json.settings.percentile} end-to-end</th></tr></thead><tbody>${rows
      .map(
        (w) =>
          `<tr><th scope="row">${w.window}</th><td>${span(w.startSeconds - t0)}</td><td>${num(w.requests)}</td><td>${esc(w.fleet)}</td><td>${num(w.gpuEquivalents, 2)}</td><td>${w.sloAttainment === null ? '–' : pct(w.sloAttainment)}</td><td>${duration(w.e2ePercentileSeconds)}</td></tr>`,
      )
      .join('')}</tbody>`;
  $('#prov-warnings').innerHTML = notesHtml(json.warnings ?? []);
}

function renderChart(json) {
  const byStrategy = (key) => json.timeline.filter((w) => w.strategy === key);
  const shown = STRATEGIES.filter(([key]) => byStrategy(key).length > 0);
  const first = byStrategy(shown[0][0]);
  const t0 = first[0].startSeconds;
  // Window starts and the last window's end: each value holds over its window (a step line).
  const times = [...first.map((w) => w.startSeconds - t0), first[first.length - 1].endSeconds - t0];
  const series = (key, field) => {
    const v = byStrategy(key).map((w) => w[field] ?? 0);
    return [...v, v[v.length - 1]];
  };
  $('#prov-chart').innerHTML = timelineSvg(
    times,
    [
      {
        title: 'GPUs',
        lines: shown.map(([key, , cls, name]) => ({ name, values: series(key, 'gpuEquivalents'), cls })),
      },
      {
        title: 'SLO met',
        max: 1,
        format: (v) => `${Math.round(v * 100)}%`,
        lines: shown.map(([key, , cls, name]) => ({ name, values: series(key, 'sloAttainment'), cls })),
      },
    ],
    { width: chartWidth('#prov-chart'), step: true, xTitle: 'time since the first arrival (per window)' },
  );
}

/** Shows a provision response; `traceNote` says where the trace came from. */
export function renderProvision(json, traceNote) {
  renderSummary(json, traceNote);
  renderTables(json);
  renderChart(json);
  last = json;
}

/** Redraws the chart at its box's new width (after a resize). */
export function redrawProvision() {
  if (last && !$('#prov-results').hidden) renderChart(last);
}
