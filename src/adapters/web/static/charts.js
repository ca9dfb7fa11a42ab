// Small inline-SVG charts for the planner: pure functions from data to SVG markup (no DOM access).

/** Escapes text for HTML/SVG markup. */
export function esc(value) {
  return String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

/** About five round tick values covering [lo, hi]. */
export function ticks(lo, hi, count = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
  return out;
}

/** An axis tick in dollars: $0, $0.25, $1.50, $120. */
const money = (v) => (v >= 100 ? `$${v.toFixed(0)}` : v >= 1 ? `$${v.toFixed(2)}` : `$${+v.toFixed(3)}`);
const shortNum = (v) =>
  v >= 1e4 ? `${(v / 1e3).toFixed(0)}k` : v >= 1e3 ? `${(v / 1e3).toFixed(1)}k` : `${v}`;

/** Shapes: circle (meets the SLO), cross (below it), diamond (the pick). */
function shape(kind, x, y) {
  if (kind === 'pick')
    return `<path d="M${x} ${y - 9}L${x + 9} ${y}L${x} ${y + 9}L${x - 9} ${y}Z" class="mark pick"/>`;
  if (kind === 'rejected')
    return `<path d="M${x - 5} ${y - 5}L${x + 5} ${y + 5}M${x - 5} ${y + 5}L${x + 5} ${y - 5}" class="mark rejected"/>`;
  return `<circle cx="${x}" cy="${y}" r="5" class="mark feasible"/>`;
}

/**
 * Pareto scatter of total $ (x) vs tokens/s (y). `points`: { id, label, cost, tps, kind: 'feasible' |
 * 'rejected' | 'pick' }; each point is a focusable group with data-id for tooltips. `slo` draws a line.
 */
export function paretoSvg(points, { slo, width = 560, height = 340 } = {}) {
  if (points.length === 0) return '<p>No candidates to plot.</p>';
  const m = { l: 62, r: 16, t: 30, b: 44 };
  const costs = points.map((p) => p.cost);
  const tpss = points.map((p) => p.tps).concat(slo ? [slo] : []);
  const x0 = 0;
  const x1 = Math.max(...costs) * 1.08 || 1;
  const y0 = 0;
  const y1 = Math.max(...tpss) * 1.1 || 1;
  const sx = (v) => +(m.l + ((v - x0) / (x1 - x0)) * (width - m.l - m.r)).toFixed(1);
  const sy = (v) => +(height - m.b - ((v - y0) / (y1 - y0)) * (height - m.t - m.b)).toFixed(1);
  const parts = [];
  for (const t of ticks(x0, x1)) {
    parts.push(
      `<line x1="${sx(t)}" x2="${sx(t)}" y1="${m.t}" y2="${height - m.b}" class="gridline"/>`,
      `<text x="${sx(t)}" y="${height - m.b + 16}" text-anchor="middle">${money(t)}</text>`,
    );
  }
  for (const t of ticks(y0, y1)) {
    parts.push(
      `<line x1="${m.l}" x2="${width - m.r}" y1="${sy(t)}" y2="${sy(t)}" class="gridline"/>`,
      `<text x="${m.l - 6}" y="${sy(t) + 4}" text-anchor="end">${shortNum(t)}</text>`,
    );
  }
  parts.push(
    `<text x="${(m.l + width - m.r) / 2}" y="${height - 6}" text-anchor="middle" class="axis-title">total cost for the task ($)</text>`,
    `<text transform="translate(14 ${(m.t + height - m.b) / 2}) rotate(-90)" text-anchor="middle" class="axis-title">throughput (tokens/s)</text>`,
  );
  if (slo) {
    parts.push(
      `<line x1="${m.l}" x2="${width - m.r}" y1="${sy(slo)}" y2="${sy(slo)}" class="slo"/>`,
      `<text x="${width - m.r - 4}" y="${sy(slo) - 5}" text-anchor="end" class="slo-label">SLO ${shortNum(slo)} tokens/s</text>`,
    );
  }
  // Pareto front over plans that meet the SLO: cheapest first, keep each that is faster than all before.
  const front = [];
  for (const p of points
    .filter((q) => q.kind !== 'rejected')
    .sort((a, b) => a.cost - b.cost || b.tps - a.tps)) {
    if (front.length === 0 || p.tps > front[front.length - 1].tps) front.push(p);
  }
  if (front.length > 1) {
    const d = front.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.cost)} ${sy(p.tps)}`).join('');
    parts.push(`<path d="${d}" class="front"/>`);
  }
  const order = { rejected: 0, feasible: 1, pick: 2 };
  for (const p of [...points].sort((a, b) => order[a.kind] - order[b.kind])) {
    const x = sx(p.cost);
    const y = sy(p.tps);
    parts.push(
      `<g class="pt ${p.kind}" tabindex="0" role="img" data-id="${esc(p.id)}" aria-label="${esc(p.label)}">` +
        `<circle cx="${x}" cy="${y}" r="11" class="hit"/>${shape(p.kind, x, y)}</g>`,
    );
    if (p.kind === 'pick') {
      const right = x < width * 0.6;
      parts.push(
        `<text x="${x + (right ? 14 : -14)}" y="${y - 10}" text-anchor="${right ? 'start' : 'end'}" class="pick-label">pick: ${esc(p.name)}</text>`,
      );
    }
  }
  const legendY = 6;
  parts.push(
    `<g class="legend" transform="translate(${m.l + 10} ${legendY})">`,
    `${shape('feasible', 6, 6)}<text x="16" y="10">meets SLO</text>`,
    `${shape('rejected', 96, 6)}<text x="106" y="10">below SLO</text>`,
    `${shape('pick', 188, 6)}<text x="202" y="10">pick</text></g>`,
  );
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="group" aria-label="Total cost versus throughput for ${points.length} candidates" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

const SEGMENTS = [
  ['weights', 'weights', 'seg-weights'],
  ['kvOnGpu', 'KV on GPU', 'seg-kv'],
  ['activations', 'activations', 'seg-act'],
  ['free', 'free', 'seg-free'],
];

const gib = (b) => `${(b / 2 ** 30).toFixed(1)} GiB`;

/**
 * One stacked horizontal bar per candidate: { id, name, pick, gpuBytes, weights, kvOnGpu, activations,
 * free, offloadFraction } (bytes per GPU). Segments carry patterns as well as colours.
 */
export function memoryBarsSvg(rows, { width = 560 } = {}) {
  if (rows.length === 0) return '<p>No candidates.</p>';
  // The legend wraps onto a second row where the chart is narrow (a phone).
  const legendWidth = SEGMENTS.reduce((sum, [, label]) => sum + 28 + label.length * 6.5, 0);
  const legendX = width >= 130 + legendWidth ? 130 : 4;
  const legendRows = legendX + legendWidth <= width ? 1 : 2;
  const m = { l: 130, r: 96, t: 12 + legendRows * 18, b: 8 };
  const bar = 16;
  const gap = 8;
  const height = m.t + rows.length * (bar + gap) + m.b;
  const max = Math.max(...rows.map((r) => r.gpuBytes));
  const scale = (width - m.l - m.r) / max;
  const parts = [
    '<defs>',
    '<pattern id="hatch-kv" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="seg-kv"/><line x1="0" y1="0" x2="0" y2="6" class="hatch"/></pattern>',
    '<pattern id="dots-act" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" class="seg-act"/><circle cx="2.5" cy="2.5" r="1" class="dot"/></pattern>',
    '</defs>',
  ];
  // Inline style: a class's fill would override a fill attribute.
  const fill = {
    weights: '',
    kvOnGpu: ' style="fill:url(#hatch-kv)"',
    activations: ' style="fill:url(#dots-act)"',
    free: '',
  };
  let lx = legendX;
  let ly = 6;
  for (const [key, label, cls] of SEGMENTS) {
    const w = 28 + label.length * 6.5;
    if (lx + w > width && lx > legendX) {
      lx = legendX;
      ly += 18;
    }
    parts.push(
      `<rect x="${lx}" y="${ly}" width="12" height="12" class="${cls}"${fill[key]}/><text x="${lx + 16}" y="${ly + 10}">${label}</text>`,
    );
    lx += w;
  }
  rows.forEach((r, i) => {
    const y = m.t + i * (bar + gap);
    parts.push(
      `<text x="${m.l - 6}" y="${y + bar - 4}" text-anchor="end"${r.pick ? ' class="pick-label"' : ''}>${r.pick ? '◆ ' : ''}${esc(r.name)}</text>`,
    );
    let x = m.l;
    for (const [key, label, cls] of SEGMENTS) {
      const w = Math.max(0, r[key] * scale);
      if (w > 0) {
        parts.push(
          `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${bar}" class="${cls}"${fill[key]}><title>${esc(r.name)}: ${label} ${gib(r[key])}</title></rect>`,
        );
      }
      x += w;
    }
    parts.push(
      `<rect x="${m.l}" y="${y}" width="${(r.gpuBytes * scale).toFixed(1)}" height="${bar}" class="outline"/>`,
      `<text x="${width - m.r + 6}" y="${y + bar - 4}" class="offload">offload ${(r.offloadFraction * 100).toFixed(0)}%</text>`,
    );
  });
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="GPU memory per candidate: weights, KV cache, activations and free; offload fraction" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

const compact = (v) =>
  v >= 1e6
    ? `${(v / 1e6).toFixed(1)}M`
    : v >= 1e4
      ? `${(v / 1e3).toFixed(0)}k`
      : v >= 1e3
        ? `${(v / 1e3).toFixed(1)}k`
        : `${+v.toPrecision(3)}`;
const clock = (s) =>
  s >= 2 * 86_400
    ? `${+(s / 86_400).toPrecision(3)} d`
    : s >= 3600
      ? `${(s / 3600).toFixed(1)} h`
      : s >= 120
        ? `${+(s / 60).toPrecision(2)} min`
        : `${+s.toPrecision(3)} s`;

/** Steps a time axis reads well in: seconds, minutes, hours, days. */
const TIME_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800,
  604_800,
];

/** At most about `count` ticks from 0 to `span` seconds, on a step from TIME_STEPS. */
function timeTicks(span, count) {
  const step = TIME_STEPS.find((s) => span / s <= count) ?? Math.ceil(span / count / 86_400) * 86_400;
  const out = [];
  for (let t = 0; t <= span + 1e-9; t += step) out.push(t);
  return out;
}

/** A tick on a time axis: 45 s, 5 min, 1.5 h, 2 d. */
const timeLabel = (s) =>
  s === 0
    ? '0'
    : s % 86_400 === 0 && s >= 86_400
      ? `${s / 86_400} d`
      : s >= 3600
        ? `${+(s / 3600).toFixed(1)} h`
        : s >= 60
          ? `${+(s / 60).toFixed(1)} min`
          : `${s} s`;

/**
 * Stacked line panels sharing one time axis: `times` (seconds) and `panels` [{ title, lines: [{ name,
 * values, cls }] }], each panel scaled from 0 to its own maximum, with its legend above it.
 */
export function timelineSvg(
  times,
  panels,
  { width = 560, panelHeight = 130, step = false, xTitle = 'time since the first arrival' } = {},
) {
  if (times.length === 0) return '<p>No samples.</p>';
  const m = { l: 48, r: 12, t: 6, b: 36 };
  const head = 20;
  const height = m.t + panels.length * (head + panelHeight + 10) + m.b;
  const t0 = 0;
  const t1 = Math.max(...times) || 1;
  const sx = (t) => +(m.l + ((t - t0) / (t1 - t0)) * (width - m.l - m.r)).toFixed(1);
  const parts = [];
  panels.forEach((panel, i) => {
    const top = m.t + i * (head + panelHeight + 10) + head;
    const bottom = top + panelHeight;
    const max = panel.max ?? Math.max(1e-9, ...panel.lines.flatMap((l) => [...l.values]));
    const sy = (v) => +(bottom - (v / max) * panelHeight).toFixed(1);
    const label = panel.format ?? compact;
    for (const v of ticks(0, max, 3)) {
      parts.push(
        `<line x1="${m.l}" x2="${width - m.r}" y1="${sy(v)}" y2="${sy(v)}" class="gridline"/>`,
        `<text x="${m.l - 6}" y="${sy(v) + 4}" text-anchor="end">${label(v)}</text>`,
      );
    }
    let lx = m.l;
    parts.push(`<text x="${lx}" y="${top - 6}" class="axis-title">${esc(panel.title)}:</text>`);
    lx += 10 + panel.title.length * 7;
    for (const line of panel.lines) {
      parts.push(
        `<line x1="${lx}" x2="${lx + 16}" y1="${top - 10}" y2="${top - 10}" class="${line.cls}"/>`,
        `<text x="${lx + 20}" y="${top - 6}">${esc(line.name)}</text>`,
      );
      lx += 30 + line.name.length * 7;
      // A step line holds each value until the next time (windows); else straight segments (samples).
      const d = times
        .map((t, k) =>
          k === 0
            ? `M${sx(t)} ${sy(line.values[k])}`
            : step
              ? `H${sx(t)}V${sy(line.values[k])}`
              : `L${sx(t)} ${sy(line.values[k])}`,
        )
        .join('');
      parts.push(
        `<path d="${d}" class="series ${line.cls}"><title>${esc(panel.title)}: ${esc(line.name)}</title></path>`,
      );
    }
  });
  const axisY = height - m.b;
  for (const t of timeTicks(t1 - t0, width < 420 ? 4 : 7)) {
    parts.push(`<text x="${sx(t0 + t)}" y="${axisY + 14}" text-anchor="middle">${timeLabel(t)}</text>`);
  }
  parts.push(
    `<text x="${(m.l + width - m.r) / 2}" y="${height - 4}" text-anchor="middle" class="axis-title">${esc(xTitle)}</text>`,
  );
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Fleet timeline over ${clock(t1)}: ${panels.map((p) => `${p.title} (${p.lines.map((l) => l.name).join(', ')})`).join('; ')}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

/**
 * One horizontal bar per row: { name, value, upper, note, first } — `value` from 0 (requests/s), a whisker
 * from it to `upper` where one is given (the lowest rate that missed), the value and, where the chart is
 * wide enough, `note` to the right. `first` marks the cheapest row (◆, bold).
 */
export function rateBarsSvg(rows, { width = 560, unit = 'requests/s' } = {}) {
  if (rows.length === 0) return '<p>No instance type serves the workload within the targets.</p>';
  const wide = width >= 600;
  const longest = Math.max(...rows.map((r) => r.name.length));
  const m = { l: Math.min(150, 14 + longest * 6.6), r: wide ? 230 : 64, t: 8, b: 36 };
  const bar = 16;
  const gap = 8;
  const height = m.t + rows.length * (bar + gap) + m.b;
  const max = Math.max(...rows.map((r) => Math.max(r.value, r.upper ?? 0))) * 1.05 || 1;
  const sx = (v) => +(m.l + (v / max) * (width - m.l - m.r)).toFixed(1);
  const parts = [];
  const axisY = height - m.b;
  for (const t of ticks(0, max, width < 420 ? 3 : 5)) {
    parts.push(
      `<line x1="${sx(t)}" x2="${sx(t)}" y1="${m.t}" y2="${axisY}" class="gridline"/>`,
      `<text x="${sx(t)}" y="${axisY + 14}" text-anchor="middle">${compact(t)}</text>`,
    );
  }
  parts.push(
    `<text x="${(m.l + width - m.r) / 2}" y="${height - 4}" text-anchor="middle" class="axis-title">${esc(unit)} of one instance</text>`,
  );
  rows.forEach((r, i) => {
    const y = m.t + i * (bar + gap);
    const label = `${r.first ? '◆ ' : ''}${r.name}`;
    parts.push(
      `<text x="${m.l - 6}" y="${y + bar - 4}" text-anchor="end"${r.first ? ' class="pick-label"' : ''}>${esc(label)}</text>`,
      `<rect x="${m.l}" y="${y}" width="${Math.max(1, sx(r.value) - m.l).toFixed(1)}" height="${bar}" class="${r.first ? 'bar bar-first' : 'bar'}"><title>${esc(r.name)}: ${esc(r.title ?? `${compact(r.value)} ${unit}`)}</title></rect>`,
    );
    if (r.upper !== null && r.upper !== undefined && r.upper > r.value) {
      const mid = y + bar / 2;
      parts.push(
        `<path d="M${sx(r.value)} ${mid}H${sx(r.upper)}M${sx(r.upper)} ${mid - 5}V${mid + 5}" class="whisker"/>`,
      );
    }
    const end = Math.max(sx(r.value), r.upper ? sx(r.upper) : 0);
    parts.push(
      `<text x="${end + 6}" y="${y + bar - 4}" class="bar-value">${compact(r.value)}${wide && r.note ? ` · ${esc(r.note)}` : ''}</text>`,
    );
  });
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Most ${esc(unit)} one instance serves within the targets, for ${rows.length} instance types" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

/** 2e9 → 2B, 5e8 → 500M, 12000 → 12k: a token volume for an axis or a label. */
export function tokenVolume(v) {
  const units = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units) if (v >= size) return `${+(v / size).toPrecision(3)}${suffix}`;
  return `${+v.toPrecision(3)}`;
}
/** $1,500 → $1.5k, $2,000,000 → $2M. */
const dollars = (v) =>
  v >= 1e6
    ? `$${+(v / 1e6).toPrecision(3)}M`
    : v >= 1e3
      ? `$${+(v / 1e3).toPrecision(3)}k`
      : `$${+v.toPrecision(3)}`;

/** Ticks of a log axis over [lo, hi]: the powers of ten inside, with 2 and 5 between where few decades show. */
function logTicks(lo, hi) {
  const out = [];
  const decades = Math.log10(hi / lo);
  const steps = decades <= 2.5 ? [1, 2, 5] : [1];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of steps) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v);
    }
  }
  return out;
}

/**
 * Monthly cost against monthly volume, both axes logarithmic. `lines`: [{ name, cls, points: [[tokens, usd]…] }]
 * (points at 0 are left out); `markers`: [{ x, y, cls, title, label? }] (break-even points, a label on the
 * ones that carry one); `volume`: the user's monthly volume, a vertical line. The legend wraps on a phone.
 */
export function costCurveSvg(lines, { markers = [], volume, width = 560 } = {}) {
  const drawn = lines
    .map((l) => ({ ...l, points: l.points.filter(([x, y]) => x > 0 && y > 0) }))
    .filter((l) => l.points.length > 1);
  if (drawn.length === 0) return '<p>No costs to plot.</p>';
  // Legend rows first: their count sets the top margin.
  const legendItems = [];
  let lx = 0;
  let row = 0;
  for (const line of drawn) {
    const w = 30 + line.name.length * 6.4;
    if (lx > 0 && lx + w > width - 8) {
      lx = 0;
      row++;
    }
    legendItems.push({ line, x: lx + 4, y: 8 + row * 18 });
    lx += w + 8;
  }
  const m = { l: 56, r: 14, t: 20 + (row + 1) * 18, b: 40 };
  const plotHeight = Math.round(Math.min(320, Math.max(210, width * 0.45)));
  const height = m.t + plotHeight + m.b;
  const xs = drawn.flatMap((l) => l.points.map(([x]) => x));
  const ys = drawn.flatMap((l) => l.points.map(([, y]) => y));
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys);
  const lg = (v, lo, hi) => (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo) || 1);
  const sx = (v) => +(m.l + lg(v, x0, x1) * (width - m.l - m.r)).toFixed(1);
  const sy = (v) => +(m.t + plotHeight - lg(v, y0, y1) * plotHeight).toFixed(1);
  const parts = [];
  const xTicks = logTicks(x0, x1);
  const shownX = width < 420 ? xTicks.filter((_, i) => i % 2 === 0) : xTicks;
  for (const t of xTicks) {
    parts.push(`<line x1="${sx(t)}" x2="${sx(t)}" y1="${m.t}" y2="${m.t + plotHeight}" class="gridline"/>`);
    if (shownX.includes(t))
      parts.push(
        `<text x="${sx(t)}" y="${m.t + plotHeight + 15}" text-anchor="middle">${tokenVolume(t)}</text>`,
      );
  }
  for (const t of logTicks(y0, y1)) {
    parts.push(
      `<line x1="${m.l}" x2="${width - m.r}" y1="${sy(t)}" y2="${sy(t)}" class="gridline"/>`,
      `<text x="${m.l - 6}" y="${sy(t) + 4}" text-anchor="end">${dollars(t)}</text>`,
    );
  }
  parts.push(
    `<text x="${(m.l + width - m.r) / 2}" y="${height - 6}" text-anchor="middle" class="axis-title">tokens a month (input + output)</text>`,
    `<text transform="translate(13 ${m.t + plotHeight / 2}) rotate(-90)" text-anchor="middle" class="axis-title">$ a month</text>`,
  );
  if (volume && volume >= x0 && volume <= x1) {
    parts.push(
      `<line x1="${sx(volume)}" x2="${sx(volume)}" y1="${m.t}" y2="${m.t + plotHeight}" class="volume"/>`,
      `<text x="${sx(volume) + (sx(volume) > width * 0.7 ? -4 : 4)}" y="${m.t + 12}" text-anchor="${sx(volume) > width * 0.7 ? 'end' : 'start'}" class="volume-label">your volume</text>`,
    );
  }
  for (const line of drawn) {
    const d = line.points.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${sx(x)} ${sy(y)}`).join('');
    parts.push(`<path d="${d}" class="series ${line.cls}"><title>${esc(line.name)}</title></path>`);
  }
  for (const mk of markers) {
    if (!(mk.x >= x0 && mk.x <= x1 && mk.y >= y0 && mk.y <= y1)) continue;
    const x = sx(mk.x);
    const y = sy(mk.y);
    parts.push(
      `<g class="break-even" tabindex="0" role="img" aria-label="${esc(mk.title)}"><circle cx="${x}" cy="${y}" r="5.5" class="mark-be ${mk.cls}"/><title>${esc(mk.title)}</title></g>`,
    );
    if (mk.label) {
      const right = x < width * 0.55;
      parts.push(
        `<text x="${x + (right ? 9 : -9)}" y="${y + 16}" text-anchor="${right ? 'start' : 'end'}" class="be-label">${esc(mk.label)}</text>`,
      );
    }
  }
  for (const { line, x, y } of legendItems) {
    parts.push(
      `<line x1="${x}" x2="${x + 22}" y1="${y + 6}" y2="${y + 6}" class="series ${line.cls}"/>`,
      `<text x="${x + 27}" y="${y + 10}">${esc(line.name)}</text>`,
    );
  }
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Monthly cost against monthly tokens, log scales: ${esc(drawn.map((l) => l.name).join(', '))}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

/**
 * Replicas per planning window, stacked: the reserved baseline (bottom) and on-demand above it, against
 * the replicas the demand needs (a step line). `windows`: { startSeconds, endSeconds, reserved, onDemand,
 * needed, title }. The x axis is time from the start of the horizon.
 */
export function mixWindowsSvg(windows, { width = 560, height = 240 } = {}) {
  if (windows.length === 0) return '<p>No windows.</p>';
  const m = { l: 40, r: 12, t: 28, b: 36 };
  const t1 = windows[windows.length - 1].endSeconds;
  const t0 = windows[0].startSeconds;
  const max = Math.max(1, ...windows.map((w) => Math.max(w.reserved + w.onDemand, w.needed))) * 1.1;
  const sx = (t) => +(m.l + ((t - t0) / (t1 - t0 || 1)) * (width - m.l - m.r)).toFixed(2);
  const sy = (v) => +(height - m.b - (v / max) * (height - m.t - m.b)).toFixed(1);
  const parts = [];
  for (const v of ticks(0, max, 4).filter((v) => Number.isInteger(v))) {
    parts.push(
      `<line x1="${m.l}" x2="${width - m.r}" y1="${sy(v)}" y2="${sy(v)}" class="gridline"/>`,
      `<text x="${m.l - 6}" y="${sy(v) + 4}" text-anchor="end">${v}</text>`,
    );
  }
  // One rect per run of equal heights, so a month of windows stays a few hundred elements.
  const runs = (key) => {
    const out = [];
    for (const w of windows) {
      const last = out[out.length - 1];
      if (last && last.key === key(w) && last.end === w.startSeconds) last.end = w.endSeconds;
      else out.push({ start: w.startSeconds, end: w.endSeconds, key: key(w), w });
    }
    return out;
  };
  const rect = (r, lo, hi, cls, title) =>
    `<rect x="${sx(r.start)}" y="${sy(hi)}" width="${Math.max(0.5, sx(r.end) - sx(r.start)).toFixed(2)}" height="${(sy(lo) - sy(hi)).toFixed(1)}" class="${cls}" shape-rendering="crispEdges"><title>${esc(title)}</title></rect>`;
  for (const r of runs((w) => w.reserved))
    if (r.w.reserved > 0) parts.push(rect(r, 0, r.w.reserved, 'area-reserved', `${r.w.reserved} reserved`));
  for (const r of runs((w) => `${w.reserved}/${w.onDemand}`))
    if (r.w.onDemand > 0)
      parts.push(
        rect(
          r,
          r.w.reserved,
          r.w.reserved + r.w.onDemand,
          'area-on-demand',
          r.w.title ?? `${r.w.onDemand} on-demand`,
        ),
      );
  const d = windows
    .map(
      (w, k) =>
        `${k === 0 ? `M${sx(w.startSeconds)} ${sy(w.needed)}` : `V${sy(w.needed)}`}H${sx(w.endSeconds)}`,
    )
    .join('');
  parts.push(`<path d="${d}" class="series needed"><title>replicas the demand needs</title></path>`);
  // Legend above the plot.
  const legend = [
    ['area-reserved', 'reserved'],
    ['area-on-demand', 'on-demand'],
  ];
  let lx = m.l;
  for (const [cls, name] of legend) {
    parts.push(
      `<rect x="${lx}" y="6" width="12" height="12" class="${cls}"/>`,
      `<text x="${lx + 16}" y="16">${name}</text>`,
    );
    lx += 24 + name.length * 7;
  }
  parts.push(
    `<line x1="${lx}" x2="${lx + 16}" y1="12" y2="12" class="needed"/>`,
    `<text x="${lx + 20}" y="16">needed</text>`,
  );
  const axisY = height - m.b;
  for (const t of timeTicks(t1 - t0, width < 420 ? 4 : 8)) {
    parts.push(`<text x="${sx(t0 + t)}" y="${axisY + 14}" text-anchor="middle">${timeLabel(t)}</text>`);
  }
  parts.push(
    `<text x="${(m.l + width - m.r) / 2}" y="${height - 4}" text-anchor="middle" class="axis-title">time (replicas per window)</text>`,
  );
  const peak = Math.max(...windows.map((w) => w.needed));
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Replicas per window over ${clock(t1 - t0)}: reserved baseline ${windows[0].reserved}, on-demand above it, up to ${peak} needed at peak" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

/**
 * Fleets as stacked horizontal bars of $/hour: `rows` [{ name, segments: [{ type, count, usdPerHour,
 * cls }] }], one segment per instance type (its count × type inside where it fits), a legend of the types
 * below. `first` rows are drawn bold (◆).
 */
export function fleetBarsSvg(rows, { width = 560 } = {}) {
  if (rows.length === 0) return '<p>No fleet.</p>';
  const types = [...new Map(rows.flatMap((r) => r.segments).map((s) => [s.type, s.cls])).entries()];
  const perLine = Math.max(1, Math.floor((width - 20) / 170));
  const legendLines = Math.ceil(types.length / perLine);
  const longest = Math.max(...rows.map((r) => r.name.length + 2));
  const m = { l: Math.min(170, 14 + longest * 6.6), r: 70, t: 8, b: 36 + legendLines * 18 };
  const bar = 22;
  const gap = 12;
  const height = m.t + rows.length * (bar + gap) + m.b;
  const max = Math.max(...rows.map((r) => r.segments.reduce((a, s) => a + s.usdPerHour, 0))) * 1.05 || 1;
  const sx = (v) => +(m.l + (v / max) * (width - m.l - m.r)).toFixed(1);
  const parts = [];
  const axisY = m.t + rows.length * (bar + gap);
  for (const t of ticks(0, max, width < 420 ? 3 : 5)) {
    parts.push(
      `<line x1="${sx(t)}" x2="${sx(t)}" y1="${m.t}" y2="${axisY}" class="gridline"/>`,
      `<text x="${sx(t)}" y="${axisY + 14}" text-anchor="middle">${money(t)}</text>`,
    );
  }
  parts.push(
    `<text x="${(m.l + width - m.r) / 2}" y="${axisY + 30}" text-anchor="middle" class="axis-title">$ per hour</text>`,
  );
  rows.forEach((r, i) => {
    const y = m.t + i * (bar + gap);
    parts.push(
      `<text x="${m.l - 6}" y="${y + bar - 6}" text-anchor="end"${r.first ? ' class="pick-label"' : ''}>${esc(`${r.first ? '◆ ' : ''}${r.name}`)}</text>`,
    );
    let x = 0;
    for (const s of r.segments) {
      const x0 = sx(x);
      const x1 = sx(x + s.usdPerHour);
      const label = `${s.count}× ${s.type}`;
      parts.push(
        `<rect x="${x0}" y="${y}" width="${Math.max(1, x1 - x0).toFixed(1)}" height="${bar}" class="${s.cls}" stroke="white" stroke-width="1"><title>${esc(`${label}: ${money(s.usdPerHour)}/h`)}</title></rect>`,
      );
      if (x1 - x0 > label.length * 6.8 + 8)
        parts.push(
          `<text x="${(x0 + x1) / 2}" y="${y + bar - 6}" text-anchor="middle" class="seg-label">${esc(label)}</text>`,
        );
      x += s.usdPerHour;
    }
    parts.push(`<text x="${sx(x) + 6}" y="${y + bar - 6}" class="bar-value">${money(x)}/h</text>`);
  });
  types.forEach(([type, cls], k) => {
    const lx = 10 + (k % perLine) * 170;
    const ly = axisY + 42 + Math.floor(k / perLine) * 18;
    parts.push(
      `<rect x="${lx}" y="${ly}" width="12" height="12" class="${cls}"/>`,
      `<text x="${lx + 16}" y="${ly + 10}">${esc(type)}</text>`,
    );
  });
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="$ per hour of each fleet, by instance type: ${rows.map((r) => `${r.name} ${r.segments.map((s) => `${s.count}× ${s.type}`).join(' + ')}`).join('; ')}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}
