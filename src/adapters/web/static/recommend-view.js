// The throughput recommendation's results: the pick, baselines, ranked and rejected tables, SVG charts.
import { esc, memoryBarsSvg, paretoSvg } from './charts.js';
import { resultWords } from './words.js';

const $ = (sel) => document.querySelector(sel);
/** Table rows shown before "Show all". */
const ROWS_SHOWN = 10;
export const usd = (v) => (v >= 100 ? `$${v.toFixed(0)}` : v >= 1 ? `$${v.toFixed(2)}` : `$${v.toFixed(4)}`);
export const num = (v, digits = 0) => v.toLocaleString('en-US', { maximumFractionDigits: digits });
export const pct = (v) => `${(v * 100).toFixed(0)}%`;
const placement = (c) =>
  `${c.gpuCount}× ${c.gpu}${c.tensorParallel > 1 ? `, TP ${c.tensorParallel}` : ''}${c.replicas > 1 ? `, ${c.replicas} replicas` : ''}, ${c.precision}`;
const keyOf = (c) => `${c.instance}|${c.precision}|${c.tensorParallel}`;

function renderPick(json) {
  const s = json.settings;
  const pick = json.pick;
  if (!pick) {
    $('#pick').innerHTML =
      `<p class="nopick"><strong>No pick.</strong> ${esc(resultWords(json.noPick?.message ?? 'nothing qualifies'))}</p>`;
    return;
  }
  const feasible = json.candidates.filter((c) => c.meetsSlo).length;
  const budget = s.maxPriceUsdPerHour ? ` within ${usd(s.maxPriceUsdPerHour)}/h` : '';
  const offload =
    pick.offloadFraction > 0
      ? ` It offloads ${pct(pick.offloadFraction)} of the KV cache to host memory.`
      : '';
  $('#pick').innerHTML =
    `<p class="pick-line" id="pick-text"><span class="badge">◆ Pick</span> <strong>${esc(pick.instance)}</strong> — ${esc(placement(pick))}: ${usd(pick.totalUsd)} for ${num(s.requests)} requests at ${usd(pick.priceUsdPerHour)}/h, ${num(pick.tokensPerSecond)} tokens/s.</p>
<p class="why">Why: the lowest total cost of the ${feasible} placement${feasible === 1 ? '' : 's'} that meet ${num(s.sloTokensPerSecond)} tokens/s${budget} in ${esc(s.region)} (${pricesOf(s)} as of ${esc(s.catalogAsOf ?? '?')}, ${esc(s.pricing)}, billed ${esc(s.billing)}; ${esc(s.predictor)} predictor).${offload}</p>`;
}

function renderBaselines(json) {
  const rows = Object.values(json.baselines ?? {}).filter((b) => b?.candidate);
  if (!json.pick || rows.length === 0) {
    $('#baselines').innerHTML = '';
    return;
  }
  $('#baselines').innerHTML = `<table class="baselines"><caption>Savings against baselines</caption>
<thead><tr><th scope="col">baseline</th><th scope="col">its choice</th><th scope="col">its total</th><th scope="col">pick saves</th></tr></thead><tbody>${rows
    .map(
      (b) =>
        `<tr><th scope="row">${esc(b.policy)}</th><td>${esc(b.candidate.instance)} (${esc(placement(b.candidate))})</td><td>${usd(b.candidate.totalUsd)}</td><td>${usd(b.savingUsd)} (${pct(b.savingFraction)})</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

function renderTables(json) {
  const pickKey = json.pick ? keyOf(json.pick) : '';
  $('#ranked').innerHTML =
    `<thead><tr><th scope="col">#</th><th scope="col">instance</th><th scope="col">GPUs</th><th scope="col">precision</th><th scope="col">tokens/s</th><th scope="col">$/hour</th><th scope="col">total $</th><th scope="col">$/M tokens</th><th scope="col">KV offload</th><th scope="col">SLO</th></tr></thead><tbody>${json.candidates
      .map(
        (c, i) =>
          `<tr class="${keyOf(c) === pickKey ? 'is-pick' : ''}"><td>${i + 1}</td><th scope="row">${keyOf(c) === pickKey ? '◆ ' : ''}${esc(c.instance)}</th><td>${c.gpuCount}× ${esc(c.gpu)}${c.tensorParallel > 1 ? ` TP${c.tensorParallel}` : ''}</td><td>${esc(c.precision)}</td><td>${num(c.tokensPerSecond)}</td><td>${usd(c.priceUsdPerHour)}</td><td>${usd(c.totalUsd)}</td><td>${usd(c.usdPerMillionTokens)}</td><td>${pct(c.offloadFraction)}</td><td>${c.meetsSlo ? 'meets' : '✕ below'}</td></tr>`,
      )
      .join('')}</tbody>`;
  $('#rejected').innerHTML =
    json.rejected.length === 0
      ? '<tbody><tr><td>none</td></tr></tbody>'
      : `<thead><tr><th scope="col">instance</th><th scope="col">reason</th><th scope="col">detail</th></tr></thead><tbody>${json.rejected
          .map(
            (r) =>
              `<tr><th scope="row">${esc(r.instance)}</th><td>${esc(r.reason)}</td><td>${esc(resultWords(r.message))}</td></tr>`,
          )
          .join('')}</tbody>`;
  limitRows('ranked', 'candidates');
  limitRows('rejected', 'rejected instances');
  const warnings = json.warnings ?? [];
  $('#warnings').innerHTML = warnings.length
    ? `<h3>Warnings</h3><ul>${warnings.map((w) => `<li>${esc(resultWords(w.message ?? w.code))}</li>`).join('')}</ul>`
    : '';
}

/** A "Notes" list of the API's warnings (or sentences), each once, in the page's words; '' when none. */
/** "aws prices" for one catalog; "prices" over several clouds, whose regions and dates the sentence lists. */
export function pricesOf(s) {
  return String(s.catalog).includes('+') ? 'prices' : `${esc(s.catalog)} prices`;
}

export function notesHtml(warnings) {
  const messages = [...new Set(warnings.map((w) => (typeof w === 'string' ? w : (w.message ?? w.code))))];
  return messages.length
    ? `<h3>Notes</h3><ul>${messages.map((m) => `<li>${esc(resultWords(m))}</li>`).join('')}</ul>`
    : '';
}

/** The rejected instance types of a serving answer (capacity, latency-SLO recommend) as table rows. */
export function rejectedTableHtml(rejected) {
  return rejected.length === 0
    ? '<tbody><tr><td>none</td></tr></tbody>'
    : `<thead><tr><th scope="col">instance</th><th scope="col">reason</th><th scope="col">detail</th></tr></thead><tbody>${rejected
        .map(
          (r) =>
            `<tr><th scope="row">${esc(r.instance)}</th><td>${esc(r.reason)}</td><td class="wrap">${esc(resultWords(r.message))}</td></tr>`,
        )
        .join('')}</tbody>`;
}

/**
 * Shows the first ROWS_SHOWN rows of table #id and a button (#id-more) that says how many more there are.
 */
export function limitRows(id, noun) {
  const rows = [...document.querySelectorAll(`#${id} tbody tr`)];
  const button = document.getElementById(`${id}-more`);
  const extra = rows.length - ROWS_SHOWN;
  rows.forEach((row, i) => {
    row.hidden = i >= ROWS_SHOWN;
  });
  button.hidden = extra <= 0;
  button.textContent = `Show all ${rows.length} ${noun} (${extra} more)`;
  button.onclick = () => {
    for (const row of rows) row.hidden = false;
    button.hidden = true;
    rows[ROWS_SHOWN]?.querySelector('th, td')?.focus?.();
  };
}

let byId = new Map();
let lastRecommend = null;

function renderCharts(json) {
  const pickKey = json.pick ? keyOf(json.pick) : '';
  byId = new Map(json.candidates.map((c) => [keyOf(c), c]));
  const points = json.candidates.map((c) => {
    const kind = keyOf(c) === pickKey ? 'pick' : c.meetsSlo ? 'feasible' : 'rejected';
    return {
      id: keyOf(c),
      name: c.instance,
      cost: c.totalUsd,
      tps: c.tokensPerSecond,
      kind,
      label: `${kind === 'pick' ? 'pick, ' : kind === 'rejected' ? 'below SLO, ' : ''}${c.instance}: ${usd(c.totalUsd)}, ${num(c.tokensPerSecond)} tokens/s`,
    };
  });
  // Drawn at the box's own pixel width, so 11 px text stays 11 px on a phone.
  const width = chartWidth('#pareto');
  $('#pareto').innerHTML = paretoSvg(points, {
    slo: json.settings.sloTokensPerSecond,
    width,
    height: Math.round(Math.min(340, Math.max(260, width * 0.62))),
  });
  const rows = json.candidates.slice(0, 12).map((c) => ({
    id: keyOf(c),
    name: `${c.instance}${c.precision === 'fp16' ? '' : ` ${c.precision}`}`,
    pick: keyOf(c) === pickKey,
    weights: c.memory.weightsBytes,
    kvOnGpu: c.memory.kvCacheOnGpuBytes,
    activations: c.memory.activationBytes,
    free: Math.max(0, c.memory.freeBytes),
    gpuBytes:
      c.memory.weightsBytes +
      c.memory.kvCacheOnGpuBytes +
      c.memory.activationBytes +
      Math.max(0, c.memory.freeBytes),
    offloadFraction: c.offloadFraction,
  }));
  $('#memory').innerHTML = memoryBarsSvg(rows, { width: chartWidth('#memory') });
}

/** The content width of a chart's box, CSS pixels (the SVG's viewBox width: one unit = one pixel). */
export function chartWidth(sel) {
  const w = Math.floor($(sel).clientWidth);
  return w > 0 ? Math.min(w, 900) : 560;
}

function showTooltip(target) {
  const c = byId.get(target.dataset.id);
  const tip = $('#tooltip');
  if (!c) return;
  tip.innerHTML = `<strong>${esc(c.instance)}</strong> ${target.classList.contains('pick') ? '(pick)' : ''}<br>${esc(placement(c))}<br>${num(c.tokensPerSecond)} tokens/s · ${c.meetsSlo ? 'meets SLO' : 'below SLO'}<br>${usd(c.priceUsdPerHour)}/h · total ${usd(c.totalUsd)}<br>KV offload ${pct(c.offloadFraction)} · ${esc(c.decodeBound)}-bound decode`;
  const box = target.getBoundingClientRect();
  tip.hidden = false;
  tip.style.left = `${Math.min(window.scrollX + box.right + 8, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8)}px`;
  tip.style.top = `${window.scrollY + box.top - 8}px`;
}

export function wireTooltips() {
  const chart = $('#pareto');
  const hide = () => {
    $('#tooltip').hidden = true;
  };
  for (const type of ['mouseover', 'focusin']) {
    chart.addEventListener(type, (e) => {
      const g = e.target.closest?.('.pt');
      if (g) showTooltip(g);
    });
  }
  chart.addEventListener('mouseleave', hide);
  chart.addEventListener('focusout', hide);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') hide();
  });
}

/** Shows a recommend response (the section must be visible before the charts measure their boxes). */
export function renderRecommend(json) {
  renderPick(json);
  renderBaselines(json);
  renderTables(json);
  $('#results').hidden = false;
  renderCharts(json);
  lastRecommend = json;
}

/** Redraws the charts at their boxes' new widths (after a resize). */
export function redrawRecommend() {
  if (lastRecommend && !$('#results').hidden) renderCharts(lastRecommend);
}
