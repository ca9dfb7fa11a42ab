// The web planner: form ⇄ URL query, POST /v1/recommend, and the results (tables + SVG charts).
import { esc, memoryBarsSvg, paretoSvg } from './charts.js';
import { fieldName, inPageWords } from './words.js';

const FIELDS = [
  'model',
  'inputTokens',
  'outputTokens',
  'batchSize',
  'requests',
  'sloTps',
  'maxPrice',
  'region',
  'precision',
];
const REQUIRED = ['model', 'inputTokens', 'outputTokens', 'batchSize', 'sloTps'];
/** The README's first example: what a first visit plans, and what "Fill the example" restores. */
const EXAMPLE = {
  model: 'facebook/opt-2.7b',
  inputTokens: '128',
  outputTokens: '512',
  batchSize: '32',
  requests: '3000',
  sloTps: '400',
  maxPrice: '3',
};
/** Table rows shown before "Show all". */
const ROWS_SHOWN = 10;
const $ = (sel) => document.querySelector(sel);
const form = $('#plan');

const usd = (v) => (v >= 100 ? `$${v.toFixed(0)}` : v >= 1 ? `$${v.toFixed(2)}` : `$${v.toFixed(4)}`);
const num = (v, digits = 0) => v.toLocaleString('en-US', { maximumFractionDigits: digits });
const pct = (v) => `${(v * 100).toFixed(0)}%`;
const placement = (c) =>
  `${c.gpuCount}× ${c.gpu}${c.tensorParallel > 1 ? `, TP ${c.tensorParallel}` : ''}${c.replicas > 1 ? `, ${c.replicas} replicas` : ''}, ${c.precision}`;
const keyOf = (c) => `${c.instance}|${c.precision}|${c.tensorParallel}`;

function readForm() {
  const values = {};
  for (const name of FIELDS) {
    const v = form.elements[name].value.trim();
    if (v !== '') values[name] = v;
  }
  return values;
}

function fillForm(values) {
  for (const name of FIELDS) {
    if (values[name] === undefined) continue;
    const el = form.elements[name];
    if (el.tagName === 'SELECT' && ![...el.options].some((o) => o.value === values[name])) {
      el.append(new Option(values[name], values[name]));
    }
    el.value = values[name];
  }
}

function clearErrors() {
  for (const el of document.querySelectorAll('.err')) el.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/** The visible label of a form control, without a trailing colon; undefined when the page has none. */
function labelOf(name) {
  const el = name ? form.elements[name] : undefined;
  const text = el?.labels?.[0]?.textContent?.trim();
  return text ? text.replace(/:$/, '') : undefined;
}

/**
 * Shows each issue next to the control it names (`field`, else `path`, from the API), in the page's words
 * (labels, never CLI flags); the rest under the form.
 */
function showIssues(issues) {
  const general = [];
  for (const issue of issues) {
    const field = fieldName(issue.field ?? issue.path ?? '');
    const target = field && form.elements[field] && document.getElementById(`err-${field}`);
    if (target) {
      const message = inPageWords(issue.message, labelOf, field);
      target.textContent = target.textContent ? `${target.textContent} ${message}` : message;
      form.elements[field].setAttribute('aria-invalid', 'true');
      if (field === 'modelConfig') $('#paste').open = true;
    } else {
      const message = inPageWords(issue.message, labelOf);
      const label = labelOf(field);
      general.push(label ? `${label}: ${message}` : message);
    }
  }
  $('#form-error').textContent = general.join(' ');
  const first = form.querySelector('[aria-invalid="true"]');
  first?.focus();
}

async function loadModels(selected) {
  const select = form.elements.model;
  try {
    const res = await fetch('/v1/models');
    const models = await res.json();
    select.replaceChildren(new Option('choose a model…', ''));
    for (const m of models) {
      const params = m.parameterCount ? ` (${(m.parameterCount / 1e9).toFixed(1)}B)` : '';
      select.append(new Option(`${m.id}${params}`, m.id));
    }
  } catch {
    select.replaceChildren(new Option('models failed to load', ''));
  }
  if (selected) fillForm({ model: selected });
}

function renderPick(json) {
  const s = json.settings;
  const pick = json.pick;
  if (!pick) {
    $('#pick').innerHTML =
      `<p class="nopick"><strong>No pick.</strong> ${esc(json.noPick?.message ?? 'nothing qualifies')}</p>`;
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
<p class="why">Why: the lowest total cost of the ${feasible} placement${feasible === 1 ? '' : 's'} that meet ${num(s.sloTokensPerSecond)} tokens/s${budget} in ${esc(s.region)} (${esc(s.catalog)} prices as of ${esc(s.catalogAsOf ?? '?')}, ${esc(s.pricing)}, billed ${esc(s.billing)}; ${esc(s.predictor)} predictor).${offload}</p>`;
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
              `<tr><th scope="row">${esc(r.instance)}</th><td>${esc(r.reason)}</td><td>${esc(r.message)}</td></tr>`,
          )
          .join('')}</tbody>`;
  limitRows('ranked', 'candidates');
  limitRows('rejected', 'rejected instances');
  const warnings = json.warnings ?? [];
  $('#warnings').innerHTML = warnings.length
    ? `<h3>Warnings</h3><ul>${warnings.map((w) => `<li>${esc(w.message ?? w.code)}</li>`).join('')}</ul>`
    : '';
}

/** Shows the first ROWS_SHOWN rows of table #id and a button that says how many more there are. */
function limitRows(id, noun) {
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
function chartWidth(sel) {
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

function wireTooltips() {
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

async function submit(values) {
  clearErrors();
  if (form.elements.modelConfig.value.trim() !== '') {
    showIssues([
      {
        field: 'modelConfig',
        message:
          'paste not supported yet: POST /v1/recommend takes a catalog model id only; use the CLI: infersave recommend --model-config config.json',
      },
    ]);
    return;
  }
  const missing = REQUIRED.filter((f) => values[f] === undefined);
  if (missing.length > 0) {
    showIssues(missing.map((f) => ({ field: f, message: 'required' })));
    return;
  }
  const query = new URLSearchParams(values).toString();
  if (window.location.search === '') history.replaceState(null, '', `?${query}`);
  else if (`?${query}` !== window.location.search) history.pushState(null, '', `?${query}`);
  const status = $('#status');
  status.textContent = 'planning…';
  $('#submit').disabled = true;
  try {
    const res = await fetch('/v1/recommend', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(values),
    });
    const json = await res.json();
    if (!res.ok) {
      showIssues(json.issues ?? [json.error]);
      status.textContent = `HTTP ${res.status}`;
      return;
    }
    renderPick(json);
    renderBaselines(json);
    renderTables(json);
    $('#results').hidden = false;
    renderCharts(json);
    lastRecommend = json;
    status.textContent = json.pick ? `done: ${json.candidates.length} candidates` : 'done: no pick';
  } catch (error) {
    $('#form-error').textContent = `request failed: ${error.message}`;
    status.textContent = '';
  } finally {
    $('#submit').disabled = false;
  }
}

function fromQuery() {
  const params = new URLSearchParams(window.location.search);
  return Object.fromEntries(FIELDS.filter((f) => params.has(f)).map((f) => [f, params.get(f)]));
}

async function start() {
  // A first visit (no plan in the URL) plans the README's example at once.
  const firstVisit = window.location.search === '';
  const initial = firstVisit ? EXAMPLE : fromQuery();
  fillForm(initial);
  wireTooltips();
  $('#example').addEventListener('click', () => {
    clearErrors();
    form.reset();
    form.elements.modelConfig.value = '';
    fillForm(EXAMPLE);
    form.elements.model.focus();
  });
  let resizeTimer;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (lastRecommend && !$('#results').hidden) renderCharts(lastRecommend);
    }, 150);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit(readForm());
  });
  window.addEventListener('popstate', () => {
    const values = fromQuery();
    form.reset();
    fillForm(values);
    if (REQUIRED.every((f) => values[f] !== undefined)) submit(values);
  });
  await loadModels(initial.model);
  document.body.dataset.ready = 'true';
  if (REQUIRED.every((f) => initial[f] !== undefined)) await submit(readForm());
}

start();
