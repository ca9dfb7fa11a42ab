// The simulation's results: a summary, the fleet timeline chart and the latency percentiles.
import { esc, timelineSvg } from './charts.js';
import { chartWidth, num, usd } from './recommend-view.js';
import { resultWords } from './words.js';

const $ = (sel) => document.querySelector(sel);
let lastSimulate = null;

/** Seconds as people read them: 35 ms, 1.24 s, 3.2 min. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  if (seconds < 1) return `${(seconds * 1000).toFixed(seconds < 0.01 ? 1 : 0)} ms`;
  if (seconds < 120) return `${seconds.toFixed(2)} s`;
  return `${(seconds / 60).toFixed(1)} min`;
}

/** A window or a delay: 1 h, 5 min, 90 s (whole units where they fit). */
export function span(seconds) {
  const s = Math.round(seconds * 1000) / 1000;
  if (s === 0) return '0 s';
  if (s >= 3600 && s % 3600 === 0) return `${s / 3600} h`;
  if (s >= 60 && s % 60 === 0) return `${s / 60} min`;
  return duration(s);
}

const METRICS = [
  ['ttftSeconds', 'time to first token', 'ttftP95Seconds'],
  ['tpotSeconds', 'time per output token', 'tpotP95Seconds'],
  ['e2eSeconds', 'end-to-end latency', 'e2eP95Seconds'],
  ['queueingSeconds', 'queueing', null],
];

function renderSummary(json) {
  const s = json.settings;
  const m = json.summary;
  const where = s.instance ? `${s.instance} (${s.gpuCount}× ${s.gpu})` : `${s.gpuCount}× ${s.gpu}`;
  const price = s.priceUsdPerHour ? ` at ${usd(s.priceUsdPerHour)}/h` : '';
  const slo = json.slo
    ? `<p class="${json.slo.meets ? 'verdict ok' : 'verdict bad'}" id="sim-verdict"><strong>${json.slo.meets ? 'Meets' : 'Misses'} the P95 SLO</strong>${json.slo.failedRequests ? ` (${num(json.slo.failedRequests)} requests over a limit)` : ''}.</p>`
    : '';
  $('#sim-summary').innerHTML =
    `<p class="pick-line" id="sim-text">${esc(s.model)} on <strong>${esc(where)}</strong>, ${esc(s.precision)}${price}: served ${num(m.completed)} of ${num(m.count)} requests in ${duration(m.makespanSeconds)}, ${num(m.throughput.totalTokensPerSecond)} tokens/s (${num(m.throughput.outputTokensPerSecond)} output), P95 time to first token ${duration(m.ttftSeconds?.p95)}, P95 time per output token ${duration(m.tpotSeconds?.p95)}.</p>
${slo}<p class="why">Workload: ${esc(s.workload.source)}. ${num(s.replicas)} replica${s.replicas === 1 ? '' : 's'}, ${num(s.kvTokensPerReplica)} KV tokens each; ${m.preemptions ? `${num(m.preemptions)} preemptions` : 'no preemptions'}${m.rejected ? `, ${num(m.rejected)} rejected` : ''}.</p>`;
}

function renderLatency(json) {
  const m = json.summary;
  const targets = json.slo ?? {};
  const sloP95 = json.settings.sloP95 ?? {};
  const rows = METRICS.filter(([key]) => m[key]).map(([key, label, sloKey]) => {
    const st = m[key];
    const limit = sloKey ? sloP95[sloKey.replace('P95', '')] : undefined;
    const met =
      sloKey && targets[sloKey] !== undefined && limit !== undefined ? targets[sloKey] <= limit : null;
    return `<tr><th scope="row">${label}</th>${['p50', 'p90', 'p95', 'p99', 'max']
      .map((p) => `<td>${duration(st[p])}</td>`)
      .join('')}<td>${limit !== undefined ? `${duration(limit)} ${met ? '✓' : '✕'}` : '–'}</td></tr>`;
  });
  $('#sim-latency').innerHTML =
    `<table id="sim-percentiles"><thead><tr><th scope="col">metric</th><th scope="col">P50</th><th scope="col">P90</th><th scope="col">P95</th><th scope="col">P99</th><th scope="col">max</th><th scope="col">P95 SLO</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function renderTimeline(json) {
  const tl = json.timeline;
  if (!tl || tl.timeSeconds.length === 0) {
    $('#timeline').innerHTML = '<p>The run was shorter than one sample.</p>';
    return;
  }
  $('#timeline').innerHTML = timelineSvg(
    tl.timeSeconds,
    [
      {
        title: 'requests',
        lines: [
          { name: 'running', values: tl.running, cls: 'line-a' },
          { name: 'waiting', values: tl.waiting, cls: 'line-b' },
        ],
      },
      {
        title: 'tokens/s',
        lines: [
          { name: 'output', values: tl.outputTokensPerSecond, cls: 'line-a' },
          { name: 'prompt', values: tl.promptTokensPerSecond, cls: 'line-c' },
        ],
      },
    ],
    { width: chartWidth('#timeline') },
  );
}

/** Shows a simulate response (the section visible before the chart measures its box). */
export function renderSimulate(json) {
  renderSummary(json);
  renderLatency(json);
  const warnings = json.warnings ?? [];
  $('#sim-warnings').innerHTML = warnings.length
    ? `<h3>Warnings</h3><ul>${warnings.map((w) => `<li>${esc(resultWords(w.message ?? w.code))}</li>`).join('')}</ul>`
    : '';
  $('#sim-results').hidden = false;
  renderTimeline(json);
  lastSimulate = json;
}

/** Redraws the timeline at its box's new width (after a resize). */
export function redrawSimulate() {
  if (lastSimulate && !$('#sim-results').hidden) renderTimeline(lastSimulate);
}
