// The latency-SLO recommendation's results: the pick and why, its error band, ranked and rejected tables.
import { esc } from './charts.js';
import { limitRows, notesHtml, num, pricesOf, rejectedTableHtml, usd } from './recommend-view.js';
import { duration } from './simulate-view.js';
import { resultWords } from './words.js';

const $ = (sel) => document.querySelector(sel);
const rate = (v) => (v === null || v === undefined ? '–' : num(v, v < 10 ? 2 : 1));
const gpus = (c) =>
  `${c.gpuCount}× ${c.gpu}${c.tensorParallel > 1 ? `, TP ${c.tensorParallel}` : ''}${c.replicasPerInstance > 1 ? `, ${c.replicasPerInstance} replicas each` : ''}`;
const TARGETS = [
  ['ttft', 'TTFT', 'ttftSeconds', 'ttftP95Seconds'],
  ['tpot', 'TPOT', 'tpotSeconds', 'tpotP95Seconds'],
  ['e2e', 'end-to-end', 'e2eSeconds', 'e2eP95Seconds'],
];

/** "TTFT P95 290 ms ≤ 1.00 s ✓, …" for the targets given. */
function verdictText(verdict, slo) {
  return TARGETS.filter(([, , key]) => slo[key] !== undefined)
    .map(([, label, key, measured]) => {
      const v = verdict[measured];
      return `${label} P95 ${duration(v)} ${v <= slo[key] ? '≤' : '>'} ${duration(slo[key])} ${v <= slo[key] ? '✓' : '✕'}`;
    })
    .join(', ');
}

/** The measured-over-predicted band of the step times, as the CLI words it. */
function bandText(u) {
  if (!u) return '';
  if (!u.available)
    return `<p class="why" id="lat-band">No error band: ${esc(resultWords(u.reason ?? 'none'))}.</p>`;
  const span = (b) =>
    b ? `×${b.measuredOverPredictedP10.toFixed(2)}–×${b.measuredOverPredictedP90.toFixed(2)}` : '–';
  const outside = u.outsideFittedRange?.length
    ? ` Extrapolated beyond the measured steps: ${esc(u.outsideFittedRange.join('; '))} — the real error may exceed the band.`
    : '';
  return `<p class="why" id="lat-band">Error band (p10–p90 of measured ÷ predicted step times): prefill ${span(u.prefill)}, decode ${span(u.decode)}; every fleet was simulated with its steps at the ${esc(u.margin)} edge.${outside}</p>`;
}

function renderPick(json) {
  const s = json.settings;
  const pick = json.pick;
  if (!pick) {
    $('#lat-pick').innerHTML =
      `<p class="nopick" id="lat-pick-text"><strong>No pick.</strong> ${esc(resultWords(json.noPick?.message ?? 'no instance type meets the targets'))}</p>`;
    return;
  }
  const upper =
    pick.maxRequestsPerSecondUpperBound !== null
      ? `–${rate(pick.maxRequestsPerSecondUpperBound)} requests/s`
      : ' requests/s (its saturated throughput: no rate probed missed the targets)';
  const budget = s.maxPriceUsdPerHour ? ` within ${usd(s.maxPriceUsdPerHour)}/h` : '';
  $('#lat-pick').innerHTML =
    `<p class="pick-line" id="lat-pick-text"><span class="badge">◆ Pick</span> <strong>${num(pick.instances)}× ${esc(pick.instance)}</strong> — ${esc(gpus(pick))}, ${esc(pick.precision)}: ${usd(pick.fleetUsdPerHour)}/h for the fleet, ${usd(pick.usdPerMillionTokens)}/M tokens.</p>
<p class="why">Why: the least fleet cost per hour of the ${json.candidates.length} instance type${json.candidates.length === 1 ? '' : 's'} that meet every P95 target at ${rate(s.requestsPerSecond)} requests/s${budget} in ${esc(s.region)} (${pricesOf(s)} as of ${esc(s.catalogAsOf)}, ${esc(s.pricing)}); one instance serves up to ${rate(pick.maxRequestsPerSecondPerInstance)}${upper}, so ${num(pick.instances)} cover${pick.instances === 1 ? 's' : ''} the rate; simulated on the fleet: ${verdictText(pick.verdict, s.sloP95)}.</p>
${bandText(pick.uncertainty)}<p class="why">Workload: ${esc(s.workload.source)}; each probe simulates ${num(s.probeRequests)} requests.</p>`;
}

function renderTables(json) {
  const slo = json.settings.sloP95;
  const shown = TARGETS.filter(([, , key]) => slo[key] !== undefined);
  const pickKey = json.pick ? `${json.pick.instance}|${json.pick.precision}|${json.pick.tensorParallel}` : '';
  $('#lat-ranked').innerHTML =
    json.candidates.length === 0
      ? '<tbody><tr><td>none</td></tr></tbody>'
      : `<thead><tr><th scope="col">#</th><th scope="col">instance</th><th scope="col">GPUs</th><th scope="col">precision</th><th scope="col">instances</th><th scope="col">fleet $/h</th><th scope="col">requests/s per instance</th>${shown.map(([, label]) => `<th scope="col">${label} P95</th>`).join('')}<th scope="col">$/M tokens</th></tr></thead><tbody>${json.candidates
          .map((c, i) => {
            const isPick = `${c.instance}|${c.precision}|${c.tensorParallel}` === pickKey;
            return `<tr class="${isPick ? 'is-pick' : ''}"><td>${i + 1}</td><th scope="row">${isPick ? '◆ ' : ''}${esc(c.instance)}</th><td>${esc(gpus(c))}</td><td>${esc(c.precision)}</td><td>${num(c.instances)}</td><td>${usd(c.fleetUsdPerHour)}</td><td>${rate(c.maxRequestsPerSecondPerInstance)}${c.maxRequestsPerSecondUpperBound !== null ? `–${rate(c.maxRequestsPerSecondUpperBound)}` : ''}</td>${shown.map(([, , , measured]) => `<td>${duration(c.verdict[measured])}</td>`).join('')}<td>${usd(c.usdPerMillionTokens)}</td></tr>`;
          })
          .join('')}</tbody>`;
  $('#lat-rejected').innerHTML = rejectedTableHtml(json.rejected);
  limitRows('lat-ranked', 'instance types');
  limitRows('lat-rejected', 'rejected instances');
  // Notes of the pick (the same for most candidates: engine overheads measured elsewhere) and of the run.
  $('#lat-warnings').innerHTML = notesHtml([...(json.pick?.warnings ?? []), ...(json.warnings ?? [])]);
}

/** Shows a recommend-latency response. */
export function renderLatency(json) {
  renderPick(json);
  renderTables(json);
}
