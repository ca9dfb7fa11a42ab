// The web planner: a mode (throughput or latency recommend, capacity, self-host vs API, simulate, capacity
// mix, provisioning), form ⇄ URL query, the API call, the results.
import {
  CAPACITY_MIX_CONTROLS,
  capacityMixBody,
  FLEET_CONTROLS,
  fleetBody,
  PROVISION_CONTROLS,
  provisionBody,
} from './bodies.js';
import { redrawCapacity, renderCapacity } from './capacity-view.js';
import { redrawCompare, renderCompare } from './compare-view.js';
import { redrawFleet, renderFleet } from './fleet-view.js';
import { renderLatency } from './latency-view.js';
import { redrawMix, renderMix } from './mix-view.js';
import { redrawProvision, renderProvision } from './provision-view.js';
import { redrawRecommend, renderRecommend, wireTooltips } from './recommend-view.js';
import { redrawSimulate, renderSimulate } from './simulate-view.js';
import { parseTraceCsv } from './trace.js';
import { fieldName, inPageWords } from './words.js';

/** The trace file read in the browser (provision mode): { trace, note }, or null for the synthetic trace. */
let uploaded = null;
/** What the last provision body left out of the uploaded trace to fit the server's body limit: { sent, of }. */
let cut;

/**
 * The server's limits (its /openapi.json `x-limits`: maxBodyBytes, maxSimulateRequests, …), read once; {}
 * when they cannot be read, and the server's own answer (413) says what is too large.
 */
const limits = fetch('/openapi.json')
  .then((res) => (res.ok ? res.json() : {}))
  .then((doc) => doc['x-limits'] ?? {})
  .catch(() => ({}));
let serverLimits = {};
limits.then((x) => {
  serverLimits = x;
});

/**
 * Per mode: its endpoint, the form fields it sends, those it needs, its example, its button, its results
 * section, what the status line says while it runs, and its view (`render` returns the status when done).
 * Modes whose endpoint takes typed JSON build the body (`toBody`: { body } or { issues }) and name the
 * control for each of the API's field paths (`fieldOf`).
 */
const MODES = {
  recommend: {
    path: '/v1/recommend',
    button: 'Recommend',
    section: '#results',
    busy: 'planning…',
    render: (json) => {
      renderRecommend(json);
      return json.pick ? `done: ${json.candidates.length} candidates` : 'done: no pick';
    },
    redraw: redrawRecommend,
    fields: [
      'model',
      'inputTokens',
      'outputTokens',
      'batchSize',
      'requests',
      'sloTps',
      'maxPrice',
      'cloud',
      'region',
      'precision',
    ],
    required: ['model', 'inputTokens', 'outputTokens', 'batchSize', 'sloTps'],
    // The README's first example: what a first visit plans, and what "Fill the example" restores.
    example: {
      model: 'facebook/opt-2.7b',
      inputTokens: '128',
      outputTokens: '512',
      batchSize: '32',
      requests: '3000',
      sloTps: '400',
      maxPrice: '3',
    },
  },
  latency: {
    path: '/v1/recommend-latency',
    button: 'Recommend',
    section: '#lat-results',
    busy: 'simulating each instance type…',
    render: (json) => {
      renderLatency(json);
      return json.pick ? `done: ${json.candidates.length} instance types meet the targets` : 'done: no pick';
    },
    fields: [
      'model',
      'inputTokens',
      'outputTokens',
      'requests',
      'rate',
      'instances',
      'sloTtftP95',
      'sloTpotP95',
      'sloE2eP95',
      'maxPrice',
      'cloud',
      'region',
      'precision',
    ],
    required: ['model', 'inputTokens', 'outputTokens', 'rate'],
    example: {
      model: 'meta-llama/Llama-3.1-8B',
      inputTokens: '512',
      outputTokens: '256',
      requests: '300',
      rate: '5',
      // Four families, so the first answer comes back within a busy server's time limit (the whole
      // catalog takes about three times as long).
      instances: 'g6e.*,g6.*,g5.*,g4dn.*',
      sloTtftP95: '1s',
      sloTpotP95: '100ms',
    },
  },
  capacity: {
    path: '/v1/capacity',
    button: 'Find capacity',
    section: '#cap-results',
    busy: 'bisecting the rate of each instance type…',
    render: (json) => {
      renderCapacity(json);
      return `done: ${json.results.length} instance types serve it`;
    },
    redraw: redrawCapacity,
    fields: [
      'model',
      'inputTokens',
      'outputTokens',
      'requests',
      'instances',
      'sloTtftP95',
      'sloTpotP95',
      'sloE2eP95',
      'region',
      'precision',
    ],
    required: ['model', 'inputTokens', 'outputTokens'],
    example: {
      model: 'meta-llama/Llama-3.1-8B',
      inputTokens: '512',
      outputTokens: '256',
      // 200 requests per probe: the same answer as 300 here, in two thirds of the time.
      requests: '200',
      instances: 'g6e.*,g6.*,g5.*',
      sloTtftP95: '500ms',
      sloTpotP95: '50ms',
    },
  },
  compare: {
    path: '/v1/compare-api',
    button: 'Compare',
    section: '#cmp-results',
    busy: 'costing every instance type…',
    render: (json) => {
      renderCompare(json);
      return `done: ${json.apis.length} API${json.apis.length === 1 ? '' : 's'} against ${Object.values(json.candidateCount).reduce((a, b) => Math.max(a, b), 0)} instance types`;
    },
    redraw: redrawCompare,
    // Enough curve points for a smooth staircase on a log scale.
    extra: { curvePoints: 240 },
    fields: [
      'model',
      'inputTokens',
      'outputTokens',
      'batchSize',
      'apiModel',
      'apiUsdPerMillionInput',
      'apiUsdPerMillionOutput',
      'tokensPerMonth',
      'maxUtilization',
      'cloud',
      'pricing',
      'instances',
      'region',
      'precision',
    ],
    required: ['model', 'inputTokens', 'outputTokens', 'batchSize'],
    // The issue's check: Llama-3.1-70B against three hosted Llama-3.3-70B APIs.
    example: {
      model: 'meta-llama/Llama-3.1-70B',
      inputTokens: '512',
      outputTokens: '256',
      batchSize: '32',
      apiModel:
        'together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo,groq/llama-3.3-70b-versatile,deepinfra/meta-llama/Llama-3.3-70B-Instruct',
      tokensPerMonth: '2000000000',
    },
  },
  simulate: {
    path: '/v1/simulate',
    button: 'Simulate',
    section: '#sim-results',
    busy: 'simulating…',
    render: (json) => {
      renderSimulate(json);
      return `done: ${json.summary.completed} of ${json.summary.count} requests served`;
    },
    redraw: redrawSimulate,
    extra: { timelineInterval: '1s' },
    fields: [
      'model',
      'inputTokens',
      'outputTokens',
      'requests',
      'rate',
      'instance',
      'region',
      'precision',
      'sloTtftP95',
      'sloTpotP95',
    ],
    required: ['model', 'inputTokens', 'outputTokens', 'requests', 'rate', 'instance'],
    example: {
      model: 'meta-llama/Llama-3.1-8B',
      instance: 'g6e.xlarge',
      inputTokens: '512',
      outputTokens: '256',
      requests: '300',
      rate: '5',
      sloTtftP95: '1s',
      sloTpotP95: '100ms',
    },
  },
  mix: {
    path: '/v1/capacity-mix',
    button: 'Plan the mix',
    section: '#mix-results',
    busy: 'simulating one replica, then searching the reserved baseline…',
    render: (json) => {
      renderMix(json);
      return `done: ${json.settings.windows} windows`;
    },
    redraw: redrawMix,
    toBody: (values) => capacityMixBody(values),
    fieldOf: CAPACITY_MIX_CONTROLS,
    fields: [
      'model',
      'inputTokens',
      'outputTokens',
      'gpu',
      'window',
      'profileMeanRate',
      'profileAmplitude',
      'profilePeakHour',
      'profileDays',
      'mixCloud',
      'usdPerGpuHour',
      'reservedUsdPerGpuHour',
      'reservedDiscount',
      'batchFraction',
      'spotUsdPerGpuHour',
      'spotInterruptionsPerHour',
      'spotRestart',
      'sloTtftP95',
      'sloTpotP95',
      'sloE2eP95',
      'region',
      'precision',
    ],
    required: ['model', 'inputTokens', 'outputTokens', 'profileMeanRate'],
    // A week of hourly windows around the README's diurnal example: one replica simulated, then an exact
    // search over 168 windows (about a second on a busy 2-core machine).
    example: {
      model: 'meta-llama/Llama-3.1-8B',
      inputTokens: '1000',
      outputTokens: '200',
      gpu: 'A100-80GB',
      window: '1h',
      profileMeanRate: '20',
      profileAmplitude: '0.5',
      profilePeakHour: '14',
      profileDays: '7',
      mixCloud: 'aws',
      sloE2eP95: '20s',
    },
  },
  provision: {
    path: '/v1/provision',
    button: 'Provision',
    section: '#prov-results',
    busy: 'provisioning each window and replaying the trace…',
    render: (json) => {
      const sent = cut
        ? ` — the first ${cut.sent.toLocaleString('en-US')} sent, as many as fit this server's request body limit of ${serverLimits.maxBodyBytes.toLocaleString('en-US')} bytes`
        : '';
      renderProvision(json, uploaded ? `${uploaded.note}${sent}` : syntheticNote());
      return `done: ${json.settings.windows} windows, ${json.settings.requests} requests`;
    },
    redraw: redrawProvision,
    toBody: (values) => {
      const built = provisionBody(values, uploaded?.trace, serverLimits.maxBodyBytes);
      cut = built.cut;
      return built;
    },
    fieldOf: PROVISION_CONTROLS,
    fields: [
      'model',
      'inputTokens',
      'outputTokens',
      'gpu',
      'window',
      'traceQuietRate',
      'traceBusyRate',
      'tracePhase',
      'usdPerGpuHour',
      'gridGco2PerKwh',
      'sloTtftP95',
      'sloTpotP95',
      'sloE2eP95',
      'precision',
    ],
    required: ['model', 'inputTokens', 'outputTokens', 'traceQuietRate', 'traceBusyRate', 'tracePhase'],
    // Quiet 1, busy 8, quiet 1 requests/s for 4 minutes each, in 1-minute windows: about 2,400 requests
    // (about 36 kB inline, under the default 64 KiB body limit), answered in 2–3 s on a busy 2-core machine.
    example: {
      model: 'meta-llama/Llama-3.1-8B',
      inputTokens: '1000',
      outputTokens: '200',
      gpu: 'A100-80GB',
      window: '1m',
      traceQuietRate: '1',
      traceBusyRate: '8',
      tracePhase: '4m',
      sloE2eP95: '20s',
    },
  },
  fleet: {
    path: '/v1/fleet',
    button: 'Find the fleet',
    section: '#fleet-results',
    busy: 'simulating each type on each size, then solving the mix…',
    render: (json) => {
      renderFleet(json);
      return `done: ${json.types.length} instance types × ${json.buckets.length} size buckets`;
    },
    redraw: redrawFleet,
    toBody: (values) => fleetBody(values),
    fieldOf: FLEET_CONTROLS,
    fields: [
      'model',
      'fleetSizes',
      'rate',
      'instances',
      'cloud',
      'maxUtilization',
      'sloTtftP95',
      'sloTpotP95',
      'sloE2eP95',
      'region',
      'precision',
    ],
    required: ['model', 'fleetSizes', 'rate'],
    // Short chats and long prompts at 8 requests/s on three AWS types: a cheap A10G takes a share of the
    // long prompts beside an L40S (23 % under two L40S); about a second on a busy 2-core machine.
    example: {
      model: 'meta-llama/Llama-3.1-8B',
      fleetSizes: '100, 50, 0.7\n2000, 200, 0.3',
      rate: '8',
      instances: 'g6e.xlarge,g6.xlarge,g5.xlarge',
      cloud: 'aws',
      sloTtftP95: '3s',
      sloTpotP95: '100ms',
    },
  },
};
const ALL_FIELDS = [...new Set(Object.values(MODES).flatMap((m) => m.fields))];
const $ = (sel) => document.querySelector(sel);
const form = $('#plan');
const modeOf = () => form.elements.mode.value || 'recommend';

/** What the synthetic trace was made of, for the results. */
function syntheticNote() {
  const v = (name) => form.elements[name].value.trim();
  return `synthetic, quiet ${v('traceQuietRate')} – busy ${v('traceBusyRate')} – quiet ${v('traceQuietRate')} requests/s for ${v('tracePhase')} each (Poisson arrivals), ${v('inputTokens')} + ${v('outputTokens')} tokens per request`;
}

/** Reads the chosen CSV trace file in the browser; its problems show beside the file control. */
async function readTraceFile() {
  const input = form.elements.traceFile;
  const error = $('#err-traceFile');
  error.textContent = '';
  input.removeAttribute('aria-invalid');
  uploaded = null;
  const hint = $('#hint-traceFile');
  hint.dataset.text ??= hint.textContent;
  hint.textContent = hint.dataset.text;
  const file = input.files?.[0];
  if (!file) return;
  // Every row up to the most requests the server simulates; what is sent is cut to its body limit at submit.
  const parsed = parseTraceCsv(
    await file.text(),
    (await limits).maxSimulateRequests ?? Number.POSITIVE_INFINITY,
  );
  if (parsed.error) {
    error.textContent = parsed.error;
    input.setAttribute('aria-invalid', 'true');
    return;
  }
  const n = parsed.trace.arrivalSeconds.length;
  uploaded = {
    trace: parsed.trace,
    note: `${file.name}, ${n < parsed.rowsInFile ? `its first ${n.toLocaleString('en-US')} of ${parsed.rowsInFile.toLocaleString('en-US')} requests` : `${n.toLocaleString('en-US')} requests`}`,
  };
  error.textContent = '';
  const max = (await limits).maxBodyBytes;
  hint.textContent =
    `Using ${uploaded.note} (the quiet/busy fields are not used; clear the file to use them)` +
    (max
      ? `; as many as fit this server's request body limit of ${max.toLocaleString('en-US')} bytes are sent.`
      : '.');
}

/** Shows the active mode's fields (others hidden and disabled, so Tab skips them) and its button. */
/** Modes that take a pasted config.json instead of a catalog model. */
const PASTE_MODES = ['recommend', 'compare', 'mix'];
/** The mode whose fields are shown. */
let shownMode = 'recommend';

function applyMode(mode) {
  shownMode = mode;
  form.elements.mode.value = mode;
  for (const field of form.querySelectorAll('[data-modes]')) {
    const on = field.dataset.modes.split(' ').includes(mode);
    field.hidden = !on;
    for (const el of field.querySelectorAll('input, select, textarea')) el.disabled = !on;
  }
  $('#submit').textContent = MODES[mode].button;
  $('#paste').hidden = !PASTE_MODES.includes(mode);
  // Each mode's results stay while another is shown, and come back with their mode.
  for (const [name, spec] of Object.entries(MODES)) {
    const section = $(spec.section);
    section.hidden = name !== mode || section.dataset.filled !== 'true';
  }
}

function readForm() {
  const values = {};
  for (const name of MODES[modeOf()].fields) {
    const v = form.elements[name].value.trim();
    if (v !== '') values[name] = v;
  }
  return values;
}

function fillForm(values) {
  for (const name of ALL_FIELDS) {
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

/** The visible label of a form control (or of the control for an API field path), without a trailing colon. */
function labelOf(name) {
  const control = MODES[modeOf()].fieldOf?.[name] ?? name;
  const el = control ? form.elements[control] : undefined;
  const text = el?.labels?.[0]?.textContent?.trim();
  return text ? text.replace(/:$/, '') : undefined;
}

/**
 * Shows each issue next to the control it names (`field`, else `path`, from the API), in the page's words
 * (labels, never CLI flags); the rest under the form.
 */
function showIssues(issues) {
  const general = [];
  const fieldOf = MODES[modeOf()].fieldOf ?? {};
  for (const issue of issues) {
    const path = issue.field ?? issue.path ?? '';
    const field = fieldOf[path] ?? fieldName(path);
    const target = field && form.elements[field] && document.getElementById(`err-${field}`);
    if (target) {
      // `profile.amplitude: Too big…` beside its control loses the path.
      const bare = path && String(issue.message ?? '').startsWith(`${path}: `);
      const message = inPageWords(
        bare ? issue.message.slice(path.length + 2) : issue.message,
        labelOf,
        field,
      );
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

/** The pasted config.json as an object, or an issue for the paste box; undefined when nothing is pasted. */
function pastedConfig() {
  const text = form.elements.modelConfig.value.trim();
  if (text === '' || !PASTE_MODES.includes(modeOf())) return undefined;
  try {
    const config = JSON.parse(text);
    if (typeof config === 'object' && config !== null && !Array.isArray(config)) return { config };
    return { issue: { field: 'modelConfig', message: 'paste the whole config.json: a JSON object { … }' } };
  } catch (error) {
    return { issue: { field: 'modelConfig', message: `this is not valid JSON: ${error.message}` } };
  }
}

async function submit(values) {
  clearErrors();
  const mode = modeOf();
  const spec = MODES[mode];
  const pasted = pastedConfig();
  if (pasted?.issue) {
    showIssues([pasted.issue]);
    return;
  }
  let body = { ...values };
  // Fields the page always sends in a mode (not in the form, nor the URL).
  Object.assign(body, spec.extra);
  // An uploaded trace stands for the synthetic one's fields.
  const given = (f) => values[f] !== undefined || (mode === 'provision' && uploaded && f.startsWith('trace'));
  const missing = spec.required.filter((f) => !given(f) && !(f === 'model' && pasted));
  if (missing.length > 0) {
    showIssues(missing.map((f) => ({ field: f, message: 'required' })));
    return;
  }
  if (spec.toBody) {
    await limits;
    const built = spec.toBody(values);
    if (built.issues) {
      showIssues(built.issues);
      return;
    }
    body = built.body;
  }
  // A pasted config.json plans instead of the catalog model; it is too long for the URL.
  if (pasted) {
    body.modelConfig = pasted.config;
    delete body.model;
  }
  const query = new URLSearchParams(mode === 'recommend' ? values : { mode, ...values }).toString();
  if (window.location.search === '') history.replaceState(null, '', `?${query}`);
  else if (`?${query}` !== window.location.search) history.pushState(null, '', `?${query}`);
  const status = $('#status');
  status.textContent = spec.busy;
  $('#submit').disabled = true;
  try {
    const res = await fetch(spec.path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) {
      showIssues(json.issues ?? [json.error]);
      status.textContent = `HTTP ${res.status}`;
      return;
    }
    // The section is shown before the view draws, so its charts can measure their boxes.
    const section = $(spec.section);
    section.dataset.filled = 'true';
    section.hidden = false;
    status.textContent = spec.render(json);
  } catch (error) {
    $('#form-error').textContent = `request failed: ${error.message}`;
    status.textContent = '';
  } finally {
    $('#submit').disabled = false;
  }
}

function fromQuery() {
  const params = new URLSearchParams(window.location.search);
  const mode = MODES[params.get('mode')] ? params.get('mode') : 'recommend';
  const values = Object.fromEntries(
    MODES[mode].fields.filter((f) => params.has(f)).map((f) => [f, params.get(f)]),
  );
  return { mode, values };
}

const complete = (mode, values) => MODES[mode].required.every((f) => values[f] !== undefined);

async function start() {
  // A first visit (no plan in the URL) plans the README's example at once.
  const initial =
    window.location.search === '' ? { mode: 'recommend', values: MODES.recommend.example } : fromQuery();
  applyMode(initial.mode);
  fillForm(initial.values);
  wireTooltips();
  for (const radio of form.querySelectorAll('input[name="mode"]')) {
    radio.addEventListener('change', () => {
      clearErrors();
      const previous = MODES[shownMode].example;
      applyMode(modeOf());
      // The new mode's fields start from its example where they are empty or hold the previous mode's
      // example; what was typed stays.
      const example = MODES[modeOf()].example;
      for (const f of MODES[modeOf()].fields) {
        const v = form.elements[f].value.trim();
        if (v !== '' && v !== previous[f]) continue;
        if (example[f] !== undefined) fillForm({ [f]: example[f] });
        else form.elements[f].value = '';
      }
    });
  }
  $('#example').addEventListener('click', () => {
    clearErrors();
    const mode = modeOf();
    form.reset();
    applyMode(mode);
    form.elements.modelConfig.value = '';
    readTraceFile();
    fillForm(MODES[mode].example);
    form.elements.model.focus();
  });
  let resizeTimer;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      for (const spec of Object.values(MODES)) spec.redraw?.();
    }, 150);
  });
  form.elements.traceFile.addEventListener('change', () => readTraceFile());
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit(readForm());
  });
  window.addEventListener('popstate', () => {
    const { mode, values } = fromQuery();
    form.reset();
    readTraceFile();
    applyMode(mode);
    fillForm(values);
    if (complete(mode, values)) submit(readForm());
  });
  await loadModels(initial.values.model);
  document.body.dataset.ready = 'true';
  if (complete(initial.mode, initial.values)) await submit(readForm());
}

start();
