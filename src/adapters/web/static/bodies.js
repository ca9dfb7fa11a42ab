// Request bodies for the endpoints that take typed JSON (numbers in seconds, an slo object, a profile and a
// trace inline) built from the form's text; what the page can tell is wrong is an issue beside its field.
import { parseDuration, sizesSample, syntheticTrace } from './trace.js';

/** Bytes of the smallest request inline: three one-digit numbers and their commas ("0,1,1," across the columns). */
const MIN_REQUEST_BYTES = 6;
/** Requests of one size that capacity-mix simulates one replica on when a profile gives the demand. */
const SIZES_SAMPLE = 200;

/** The API's paths of the typed bodies' fields (slo, seconds) → the page's controls. */
const SLO_CONTROLS = {
  slo: 'sloE2eP95',
  'slo.ttftSeconds': 'sloTtftP95',
  'slo.tpotSeconds': 'sloTpotP95',
  'slo.e2eSeconds': 'sloE2eP95',
  window: 'window',
  windowSeconds: 'window',
};

/** /v1/capacity-mix's field paths (and the use case's) → the control each problem shows beside. */
export const CAPACITY_MIX_CONTROLS = {
  ...SLO_CONTROLS,
  cloud: 'mixCloud',
  profile: 'profileMeanRate',
  'profile.meanRequestsPerSecond': 'profileMeanRate',
  'profile.amplitude': 'profileAmplitude',
  'profile.peakHour': 'profilePeakHour',
  'profile.days': 'profileDays',
  spotRestartSeconds: 'spotRestart',
  requests: 'inputTokens',
  'requests.arrivalSeconds': 'inputTokens',
  'requests.inputTokens': 'inputTokens',
  'requests.outputTokens': 'outputTokens',
  trace: 'inputTokens',
};

/** /v1/provision's field paths → the control each problem shows beside. */
export const PROVISION_CONTROLS = {
  ...SLO_CONTROLS,
  requests: 'traceFile',
  'requests.arrivalSeconds': 'traceFile',
  'requests.inputTokens': 'traceFile',
  'requests.outputTokens': 'traceFile',
  trace: 'traceFile',
};

/** Reads form values into typed fields, collecting one issue per bad field. */
function reader(values) {
  const issues = [];
  const number = (name, { integer = false } = {}) => {
    const text = values[name];
    if (text === undefined) return undefined;
    const v = Number(text);
    if (!Number.isFinite(v) || (integer && !Number.isInteger(v))) {
      issues.push({ field: name, message: integer ? 'a whole number' : 'a number' });
      return undefined;
    }
    return v;
  };
  const seconds = (name) => {
    const text = values[name];
    if (text === undefined) return undefined;
    const v = parseDuration(text);
    if (v === undefined) issues.push({ field: name, message: 'a duration such as 500ms, 20s, 5m or 1h' });
    return v;
  };
  /** A token count: a whole number ≥ 1. */
  const tokens = (name) => {
    const v = number(name, { integer: true });
    if (v !== undefined && v < 1) issues.push({ field: name, message: 'a whole number of 1 or more' });
    return v;
  };
  return { issues, number, seconds, tokens };
}

/** Drops the undefined entries, so the API applies its defaults. */
const defined = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function slo(read) {
  return defined({
    ttftSeconds: read.seconds('sloTtftP95'),
    tpotSeconds: read.seconds('sloTpotP95'),
    e2eSeconds: read.seconds('sloE2eP95'),
  });
}

/** POST /v1/capacity-mix with a diurnal profile: the demand from the profile, the sizes from one size. */
export function capacityMixBody(values) {
  const read = reader(values);
  const inputTokens = read.tokens('inputTokens');
  const outputTokens = read.tokens('outputTokens');
  const body = defined({
    model: values.model,
    precision: values.precision,
    gpu: values.gpu,
    cloud: values.mixCloud,
    region: values.region,
    windowSeconds: read.seconds('window'),
    slo: slo(read),
    usdPerGpuHour: read.number('usdPerGpuHour'),
    reservedUsdPerGpuHour: read.number('reservedUsdPerGpuHour'),
    reservedDiscount: read.number('reservedDiscount'),
    spotUsdPerGpuHour: read.number('spotUsdPerGpuHour'),
    batchFraction: read.number('batchFraction'),
    spotInterruptionsPerHour: read.number('spotInterruptionsPerHour'),
    spotRestartSeconds: read.seconds('spotRestart'),
    profile: defined({
      meanRequestsPerSecond: read.number('profileMeanRate'),
      amplitude: read.number('profileAmplitude'),
      peakHour: read.number('profilePeakHour'),
      days: read.number('profileDays'),
    }),
    probeRequests: SIZES_SAMPLE,
  });
  if (read.issues.length > 0) return { issues: read.issues };
  // Sizes the API checks (whole numbers ≥ 1) go as they are typed, so its answer names the field.
  body.requests = sizesSample(inputTokens, outputTokens, SIZES_SAMPLE);
  return { body };
}

/** Bytes of a value as JSON, as fetch sends it (UTF-8). */
const jsonBytes = (value) => new TextEncoder().encode(JSON.stringify(value)).length;

/**
 * The longest start of a columnar trace that keeps the body (`body` plus `requests`) within the server's
 * `maxBodyBytes` (its x-limits): the body with empty columns, then each request's three numbers and their
 * commas (a number is written in JSON as String writes it). Without a limit, the whole trace.
 * Returns { requests, sent, of }.
 */
export function fitTrace(body, trace, maxBodyBytes) {
  const of = trace.arrivalSeconds.length;
  if (maxBodyBytes === undefined) return { requests: trace, sent: of, of };
  const empty = { arrivalSeconds: [], inputTokens: [], outputTokens: [] };
  let bytes = jsonBytes({ ...body, requests: empty });
  let sent = 0;
  for (; sent < of; sent++) {
    const cost =
      String(trace.arrivalSeconds[sent]).length +
      String(trace.inputTokens[sent]).length +
      String(trace.outputTokens[sent]).length +
      (sent > 0 ? 3 : 0);
    if (bytes + cost > maxBodyBytes) break;
    bytes += cost;
  }
  const requests =
    sent === of
      ? trace
      : {
          arrivalSeconds: trace.arrivalSeconds.slice(0, sent),
          inputTokens: trace.inputTokens.slice(0, sent),
          outputTokens: trace.outputTokens.slice(0, sent),
        };
  return { requests, sent, of };
}

const count = (n) => n.toLocaleString('en-US');

/**
 * POST /v1/provision over the uploaded trace (`uploaded`), else a synthetic quiet–busy–quiet one from the
 * form's rates, phase length and request size, within the server's body limit (`maxBodyBytes`, from its
 * x-limits): an uploaded trace is cut to the requests that fit (`cut`: { sent, of } says so); a synthetic one
 * that does not fit is refused beside the busy rate, since its rates are the user's to lower.
 */
export function provisionBody(values, uploaded, maxBodyBytes) {
  const read = reader(values);
  const body = defined({
    model: values.model,
    precision: values.precision,
    gpu: values.gpu,
    windowSeconds: read.seconds('window'),
    slo: slo(read),
    usdPerGpuHour: read.number('usdPerGpuHour'),
    gridGco2PerKwh: read.number('gridGco2PerKwh'),
  });
  if (uploaded) {
    if (read.issues.length > 0) return { issues: read.issues };
    const fit = fitTrace(body, uploaded, maxBodyBytes);
    if (fit.sent < 2)
      return {
        issues: [
          {
            field: 'traceFile',
            message: `fewer than 2 of its requests fit this server's request body limit of ${count(maxBodyBytes)} bytes`,
          },
        ],
      };
    body.requests = fit.requests;
    return fit.sent < fit.of ? { body, cut: { sent: fit.sent, of: fit.of } } : { body };
  }
  const quietRate = read.number('traceQuietRate');
  const busyRate = read.number('traceBusyRate');
  const phaseSeconds = read.seconds('tracePhase');
  const inputTokens = read.tokens('inputTokens');
  const outputTokens = read.tokens('outputTokens');
  for (const [name, v] of [
    ['traceQuietRate', quietRate],
    ['traceBusyRate', busyRate],
  ])
    if (v !== undefined && !(v >= 0)) read.issues.push({ field: name, message: 'a rate of 0 or more' });
  if (phaseSeconds !== undefined && !(phaseSeconds > 0))
    read.issues.push({ field: 'tracePhase', message: 'a phase longer than 0 s' });
  if (read.issues.length > 0) return { issues: read.issues };
  const tooLarge = (requests, fits) => ({
    issues: [
      {
        field: 'traceBusyRate',
        message: `this trace ${requests}; this server takes request bodies up to ${count(maxBodyBytes)} bytes, ${fits}: lower the rates or the phase length`,
      },
    ],
  });
  // Refused before it is made where ten times the limit would not hold even the smallest requests (a trace
  // of millions); nearer the limit the trace is made and measured, and the answer says how many fit.
  const expected = (2 * quietRate + busyRate) * phaseSeconds;
  if (maxBodyBytes !== undefined && expected * MIN_REQUEST_BYTES > maxBodyBytes * 10)
    return tooLarge(
      `would have about ${count(Math.round(expected))} requests`,
      `at most ${count(Math.floor(maxBodyBytes / MIN_REQUEST_BYTES))} of them`,
    );
  const trace = syntheticTrace({ quietRate, busyRate, phaseSeconds, inputTokens, outputTokens });
  if (trace.arrivalSeconds.length < 2)
    return {
      issues: [{ field: 'traceBusyRate', message: 'this trace has fewer than 2 requests: raise the rates' }],
    };
  const fit = fitTrace(body, trace, maxBodyBytes);
  if (fit.sent < fit.of)
    return tooLarge(`has ${count(fit.of)} requests`, `the first ${count(fit.sent)} of them`);
  body.requests = fit.requests;
  return { body };
}

/** /v1/fleet's field paths → the control each problem shows beside. */
export const FLEET_CONTROLS = {
  slo: 'sloTpotP95',
  'slo.ttftSeconds': 'sloTtftP95',
  'slo.tpotSeconds': 'sloTpotP95',
  'slo.e2eSeconds': 'sloE2eP95',
  clouds: 'cloud',
  regions: 'region',
  requestsPerSecond: 'rate',
  distribution: 'fleetSizes',
  requests: 'fleetSizes',
};

/** A comma-separated list → its trimmed, non-empty items; undefined when there are none. */
const list = (text) => {
  const items = String(text ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  return items.length > 0 ? items : undefined;
};

/**
 * The size distribution typed in the page: one line per size, `input tokens, output tokens, weight`
 * (commas or spaces) → rows, or the issues naming each bad line.
 */
export function parseSizes(text) {
  const rows = [];
  const issues = [];
  String(text ?? '')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const cells = line.trim().split(/[\s,;]+/);
      const [input, output, weight] = cells.map(Number);
      if (
        cells.length !== 3 ||
        !Number.isInteger(input) ||
        !Number.isInteger(output) ||
        !Number.isFinite(weight)
      )
        issues.push(
          `line ${i + 1}: '${line.trim().slice(0, 40)}' is not input tokens, output tokens, weight`,
        );
      else if (input < 1 || output < 1 || weight < 0)
        issues.push(`line ${i + 1}: token counts are whole numbers ≥ 1 and the weight is ≥ 0`);
      else rows.push({ inputTokens: input, outputTokens: output, weight });
    });
  if (rows.length === 0 && issues.length === 0)
    issues.push('give at least one size: input tokens, output tokens, weight');
  return { rows, issues };
}

/** POST /v1/fleet with the sizes as a distribution and the total rate. */
export function fleetBody(values) {
  const read = reader(values);
  const sizes = parseSizes(values.fleetSizes);
  for (const message of sizes.issues) read.issues.push({ field: 'fleetSizes', message });
  const body = defined({
    model: values.model,
    precision: values.precision,
    clouds: list(values.cloud),
    regions: list(values.region),
    instances: list(values.instances),
    slo: slo(read),
    requestsPerSecond: read.number('rate'),
    maxUtilization: read.number('maxUtilization'),
    distribution: sizes.rows,
  });
  if (read.issues.length > 0) return { issues: read.issues };
  return { body };
}
