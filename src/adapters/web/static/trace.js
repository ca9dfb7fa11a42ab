// Requests the page sends to the trace-taking endpoints (/v1/capacity-mix, /v1/provision): a sizes sample,
// a synthetic quiet–busy–quiet trace, or a CSV trace read in the browser; and durations typed in the form.

/** `20s`, `500ms`, `5m`, `1h`, `1.5h`, `90` (seconds) → seconds; undefined when it is not a duration. */
export function parseDuration(text) {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|sec|m|min|h)?\s*$/i.exec(String(text ?? ''));
  if (!m) return undefined;
  const unit = (m[2] ?? 's').toLowerCase();
  const factor = { ms: 0.001, s: 1, sec: 1, m: 60, min: 60, h: 3600 }[unit];
  const seconds = Number(m[1]) * factor;
  return Number.isFinite(seconds) ? seconds : undefined;
}

/** A small seeded generator (mulberry32): the same trace for the same parameters. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Poisson arrivals at `rate` requests/s from `from` to `to` seconds (ms precision), appended to `out`. */
function poissonArrivals(rate, from, to, next, out) {
  if (!(rate > 0)) return;
  let t = from;
  for (;;) {
    t += -Math.log(1 - next()) / rate;
    if (t >= to) return;
    out.push(Math.round(t * 1000) / 1000);
  }
}

/**
 * A synthetic trace: Poisson arrivals at `quietRate` for `phaseSeconds`, then `busyRate` for as long,
 * then `quietRate` again; every request `inputTokens` + `outputTokens` tokens. Columnar, as the API takes it.
 */
export function syntheticTrace({ quietRate, busyRate, phaseSeconds, inputTokens, outputTokens, seed = 1 }) {
  const next = random(seed);
  const arrivalSeconds = [];
  poissonArrivals(quietRate, 0, phaseSeconds, next, arrivalSeconds);
  poissonArrivals(busyRate, phaseSeconds, 2 * phaseSeconds, next, arrivalSeconds);
  poissonArrivals(quietRate, 2 * phaseSeconds, 3 * phaseSeconds, next, arrivalSeconds);
  const n = arrivalSeconds.length;
  return {
    arrivalSeconds,
    inputTokens: new Array(n).fill(inputTokens),
    outputTokens: new Array(n).fill(outputTokens),
  };
}

/**
 * `n` requests of one size at one request/s (Poisson): the request sizes capacity-mix simulates one
 * replica on when the demand comes from a profile (the profile gives the arrivals).
 */
export function sizesSample(inputTokens, outputTokens, n) {
  const next = random(1);
  const arrivalSeconds = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    arrivalSeconds.push(Math.round(t * 1000) / 1000);
    t += -Math.log(1 - next());
  }
  return {
    arrivalSeconds,
    inputTokens: new Array(n).fill(inputTokens),
    outputTokens: new Array(n).fill(outputTokens),
  };
}

/** `2023-11-16 18:15:46.6805900` (the Azure 2023 traces' TIMESTAMP, UTC) → seconds since the epoch. */
function timestampSeconds(text) {
  const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(\.\d+)?/.exec(text.trim());
  if (m) {
    const whole = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) / 1000;
    return whole + (m[7] ? Number(m[7]) : 0);
  }
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : undefined;
}

/**
 * A CSV trace in the Azure LLM inference 2023 format (header `TIMESTAMP,ContextTokens,GeneratedTokens`;
 * TIMESTAMP a date-time or seconds) → its first `maxRequests` requests, arrivals in seconds from the first,
 * sorted; or `{ error }` naming the row at fault.
 */
export function parseTraceCsv(text, maxRequests) {
  const lines = String(text)
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (lines.length < 2) return { error: 'the file has no requests: a header and one row per request' };
  const header = lines[0].split(',').map((h) => h.trim().toLowerCase());
  const col = (name) => header.indexOf(name.toLowerCase());
  const [ti, ci, gi] = [col('TIMESTAMP'), col('ContextTokens'), col('GeneratedTokens')];
  if (ti < 0 || ci < 0 || gi < 0)
    return {
      error: `the header must name TIMESTAMP, ContextTokens and GeneratedTokens (the Azure 2023 trace format); it has ${lines[0].slice(0, 80)}`,
    };
  const rows = [];
  for (let i = 1; i < lines.length && rows.length < maxRequests; i++) {
    const cells = lines[i].split(',');
    const t = timestampSeconds(cells[ti] ?? '');
    const input = Number(cells[ci]);
    const output = Number(cells[gi]);
    if (t === undefined)
      return { error: `row ${i + 1}: TIMESTAMP '${(cells[ti] ?? '').slice(0, 40)}' is not a time` };
    if (!Number.isInteger(input) || input < 1)
      return {
        error: `row ${i + 1}: ContextTokens '${(cells[ci] ?? '').slice(0, 20)}' is not a whole number ≥ 1`,
      };
    if (!Number.isInteger(output) || output < 1)
      return {
        error: `row ${i + 1}: GeneratedTokens '${(cells[gi] ?? '').slice(0, 20)}' is not a whole number ≥ 1`,
      };
    rows.push([t, input, output]);
  }
  rows.sort((a, b) => a[0] - b[0]);
  const t0 = rows[0][0];
  return {
    trace: {
      arrivalSeconds: rows.map((r) => Math.round((r[0] - t0) * 1000) / 1000),
      inputTokens: rows.map((r) => r[1]),
      outputTokens: rows.map((r) => r[2]),
    },
    rowsInFile: lines.length - 1,
  };
}
