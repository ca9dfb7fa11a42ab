// Self-hosting against hosted APIs: the answer at the user's volume, the cost-vs-volume chart with the
// break-even points, each API's break-even volumes and the self-hosting options.
import { costCurveSvg, esc, tokenVolume } from './charts.js';
import { chartWidth, notesHtml, num, pct, usd } from './recommend-view.js';

const $ = (sel) => document.querySelector(sel);
let last = null;

/** `together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo` → `Llama-3.3-70B-Instruct-Turbo (together_ai)`. */
const apiName = (api) => (api.provider === 'user' ? api.id : `${api.id.split('/').pop()} (${api.provider})`);
const perMonth = (v) => `${tokenVolume(v)} tokens a month`;
const money = (v) => (v >= 1000 ? `$${num(v)}` : usd(v));

function renderSummary(json) {
  const parts = [];
  const m = json.monthly;
  if (m) {
    const best = [...m.selfHost].sort((a, b) => a.usdPerMonth - b.usdPerMonth)[0];
    const cheapestApi = [...m.apis].sort((a, b) => a.usdPerMonth - b.usdPerMonth)[0];
    const byId = new Map(json.apis.map((a) => [a.id, a]));
    if (best && cheapestApi) {
      const selfWins = best.usdPerMonth <= cheapestApi.usdPerMonth;
      parts.push(
        `<p class="pick-line" id="cmp-text"><span class="badge">◆ ${selfWins ? 'Self-host' : 'Hosted API'}</span> At ${esc(perMonth(m.tokensPerMonth))}, self-hosting costs <strong>${money(best.usdPerMonth)}</strong> a month (${num(best.replicas)} × ${esc(best.instance)}, ${esc(best.pricing)}, ${pct(best.utilization)} load); the cheapest API, ${esc(apiName(byId.get(cheapestApi.id) ?? { id: cheapestApi.id, provider: 'user' }))}, costs <strong>${money(cheapestApi.usdPerMonth)}</strong>.</p>`,
      );
    }
  }
  const lines = json.apis.map((api) => {
    const firsts = Object.entries(api.breakEven)
      .filter(([, b]) => b.firstTokensPerMonth !== undefined)
      .map(([p, b]) => `${p} from ${perMonth(b.firstTokensPerMonth)} (${esc(b.firstInstance)})`);
    return `${esc(apiName(api))}: ${firsts.length > 0 ? `self-hosting costs no more ${firsts.join('; ')}` : 'self-hosting never costs less at this price'}`;
  });
  const where = json.clouds.map((c) => `${c} ${json.regions[c]}`).join(', ');
  parts.push(
    `<ul class="why" id="cmp-breakeven">${lines.map((l) => `<li>${l}</li>`).join('')}</ul>`,
    `<p class="why">${esc(json.model)}, ${num(json.workload.inputTokens)} input + ${num(json.workload.outputTokens)} output tokens per request, batch ${num(json.workload.batchSize)}; always-on whole instances on ${esc(where)}, ${num(json.hoursPerMonth)} hours a month, planned at ${pct(json.maxUtilization)} of their throughput (a GPU is paid busy or idle).${json.unavailablePricing.length ? ` No ${esc(json.unavailablePricing.join(' or '))} price fits.` : ''}</p>`,
  );
  $('#cmp-summary').innerHTML = parts.join('') + notesHtml(json.warnings ?? []);
}

function renderTables(json) {
  const pricings = json.selfHost.map((s) => s.option.pricing);
  $('#cmp-apis').innerHTML =
    `<thead><tr><th scope="col">hosted API</th><th scope="col">$/M input</th><th scope="col">$/M output</th><th scope="col">$/M at this mix</th>${pricings.map((p) => `<th scope="col">${esc(p)}: cheaper from</th>`).join('')}<th scope="col">always cheaper from</th><th scope="col">prices as of</th></tr></thead><tbody>${json.apis
      .map((api) => {
        const always = pricings
          .map((p) => api.breakEven[p]?.alwaysTokensPerMonth)
          .filter((v) => v !== undefined);
        return `<tr><th scope="row">${esc(api.id)}</th><td>${usd(api.inputUsdPerMillionTokens)}</td><td>${usd(api.outputUsdPerMillionTokens)}</td><td>${usd(api.blendedUsdPerMillionTokens)}</td>${pricings
          .map((p) => {
            const b = api.breakEven[p];
            return `<td>${b?.firstTokensPerMonth === undefined ? 'never' : `${tokenVolume(b.firstTokensPerMonth)}/mo (${esc(b.firstInstance)})`}</td>`;
          })
          .join(
            '',
          )}<td>${always.length > 0 ? `${tokenVolume(Math.min(...always))}/mo` : 'never'}</td><td>${esc(api.asOf ?? 'given')}</td></tr>`;
      })
      .join('')}</tbody>`;
  $('#cmp-self').innerHTML =
    `<thead><tr><th scope="col">pricing</th><th scope="col">instance</th><th scope="col">GPUs</th><th scope="col">$/h</th><th scope="col">tokens/s</th><th scope="col">$/M input</th><th scope="col">$/M output</th><th scope="col">$/M overall</th><th scope="col">one instance a month</th><th scope="col">prices as of</th></tr></thead><tbody>${json.selfHost
      .map((s) => {
        const o = s.option;
        return `<tr><th scope="row">${esc(o.pricing)}</th><td>${esc(o.instance)} (${esc(o.provider)} ${esc(o.region)})</td><td>${o.gpuCount}× ${esc(o.gpu)}, ${esc(o.precision)}${o.tensorParallel > 1 ? `, TP ${o.tensorParallel}` : ''}</td><td>${usd(o.usdPerHour)}</td><td>${num(o.tokensPerSecond)}</td><td>${usd(s.inputUsdPerMillionTokens)}</td><td>${usd(s.outputUsdPerMillionTokens)}</td><td>${usd(s.fullLoadUsdPerMillionTokens)}</td><td>${tokenVolume(s.replicaTokensPerMonth)} tokens for ${money(s.replicaUsdPerMonth)}</td><td>${esc(o.asOf)}</td></tr>`;
      })
      .join('')}</tbody>`;
  const counts = Object.entries(json.candidateCount)
    .map(([p, n]) => `${n} ${p}`)
    .join(', ');
  $('#cmp-monthly').innerHTML =
    `<p class="why">Break-even runs over every instance type that fits (${esc(counts)}): “cheaper from” is the smallest monthly volume at which always-on instances of one type cost no more than the API; between whole instances the API can win again until “always cheaper from”. $/M input and output apportion the instance’s time to prefill and decode.</p>`;
}

function renderChart(json) {
  const lines = [
    ...json.selfHost.map((s, i) => ({
      name: `self-host, ${s.option.pricing}`,
      cls: `self-${i}`,
      points: json.curve.map((c) => [c.tokensPerMonth, c.selfHostUsd[s.option.pricing]]),
    })),
    ...json.apis.map((api, i) => ({
      name: apiName(api),
      cls: `api-${i % 5}`,
      points: json.curve.map((c) => [c.tokensPerMonth, c.apiUsd[api.id]]),
    })),
  ];
  const markers = json.apis.flatMap((api, i) =>
    Object.entries(api.breakEven)
      .filter(([, b]) => b.firstTokensPerMonth !== undefined)
      .map(([pricing, b]) => ({
        x: b.firstTokensPerMonth,
        y: (api.blendedUsdPerMillionTokens * b.firstTokensPerMonth) / 1e6,
        cls: `api-${i % 5}`,
        title: `break-even: self-hosting ${pricing} (${b.firstInstance}) costs no more than ${apiName(api)} from ${perMonth(b.firstTokensPerMonth)}`,
      })),
  );
  // The earliest break-even carries its volume as a label.
  const first = [...markers].sort((a, b) => a.x - b.x)[0];
  if (first) first.label = `break-even ${tokenVolume(first.x)}/mo`;
  $('#cmp-chart').innerHTML = costCurveSvg(lines, {
    markers,
    volume: json.monthly?.tokensPerMonth,
    width: chartWidth('#cmp-chart'),
  });
}

/** Shows a compare-api response (its section visible, so the chart measures its box). */
export function renderCompare(json) {
  renderSummary(json);
  renderTables(json);
  renderChart(json);
  last = json;
}

/** Redraws the chart at its box's new width (after a resize). */
export function redrawCompare() {
  if (last && !$('#cmp-results').hidden) renderChart(last);
}
