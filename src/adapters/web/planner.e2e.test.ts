import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { createApp } from '../http/create-app.js';
import { type RunningServer, startServer } from '../http/start-server.js';

// Drives the planner in Debian's Chromium (apt-get install -y chromium) through playwright-core, which
// never downloads a browser. Skipped, with a reason, where either is missing.
const CHROMIUM = '/usr/bin/chromium';
const hasPlaywright = (() => {
  try {
    createRequire(import.meta.url).resolve('playwright-core');
    return true;
  } catch {
    return false;
  }
})();
const ready = existsSync(CHROMIUM) && hasPlaywright;
if (!ready)
  console.warn(`planner e2e skipped: needs ${CHROMIUM} (apt-get install -y chromium) and playwright-core`);

const SHOTS = resolve(import.meta.dirname, '../../../docs/screenshots');
const LLAMA_CONFIG = resolve(
  import.meta.dirname,
  '../../../../shared/data/model-configs/aiconfigurator-hf-configs/meta-llama--Meta-Llama-3.1-8B_config.json',
);
// The README's first example.
const EXAMPLE = {
  model: 'facebook/opt-2.7b',
  inputTokens: '128',
  outputTokens: '512',
  batchSize: '32',
  requests: '3000',
  sloTps: '400',
  maxPrice: '3',
};

type Playwright = typeof import('playwright-core');
type Browser = Awaited<ReturnType<Playwright['chromium']['launch']>>;
type Page = Awaited<ReturnType<Browser['newPage']>>;

/** Page width past the viewport (0: no horizontal scroll). */
const sidewaysScroll = (page: Page) =>
  page.evaluate(() => (document.scrollingElement?.scrollWidth ?? 0) - window.innerWidth);

/** The smallest chart text as drawn on screen, CSS px: font size × the SVG's scale (its width ÷ viewBox). */
const smallestChartTextPx = (page: Page) =>
  page.evaluate(() => {
    let smallest = Number.POSITIVE_INFINITY;
    for (const text of document.querySelectorAll<SVGTextElement>('.chart svg text')) {
      const svg = text.ownerSVGElement;
      if (!svg || text.getClientRects().length === 0) continue;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      smallest = Math.min(smallest, Number.parseFloat(getComputedStyle(text).fontSize) * scale);
    }
    return smallest;
  });

describe.skipIf(!ready)('web planner in headless Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer(createApp(fsPlannerData), 0, '127.0.0.1');
    const { chromium } = (await import('playwright-core')) as Playwright;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a first visit shows the example planned: the pick, the table, the chart tooltip and the state in the URL', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 1060 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/`);
    const pick = page.locator('#pick-text');
    await pick.waitFor();
    expect(await pick.textContent()).toMatch(/g5g\.xlarge — 1× T4G, fp16: \$0\.2504 for 3,000 requests/);
    expect(await page.locator('#pick .why').textContent()).toContain('meet 400 tokens/s within $3.00/h');

    for (const [field, value] of Object.entries(EXAMPLE))
      expect(await page.inputValue(`#${field}`)).toBe(value);
    // The ranked table (every default cloud: 38 candidates, as the CLI's README example) shows 10 rows and
    // says how many more there are.
    const rows = page.locator('#ranked tbody tr');
    expect(await rows.count()).toBe(38);
    expect(await page.locator('#ranked tbody tr:visible').count()).toBe(10);
    expect(await page.locator('#ranked-more').textContent()).toBe('Show all 38 candidates (28 more)');
    await page.click('#ranked-more');
    expect(await page.locator('#ranked tbody tr:visible').count()).toBe(38);
    expect(await page.locator('#ranked-more').isVisible()).toBe(false);
    expect(await rows.first().textContent()).toContain('g5g.xlarge');
    expect(await page.locator('#ranked tr.is-pick').count()).toBe(1);
    expect(await page.locator('#baselines').textContent()).toMatch(/max-performance\s*gpu_1x_a100\b/);
    expect(await page.locator('#rejected tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#rejected').textContent()).toContain('over budget');

    // Chart: every candidate is a point, the pick a labelled diamond; hovering shows its details.
    expect(await page.locator('#pareto .pt').count()).toBe(38);
    expect(await page.locator('#pareto .pick-label').textContent()).toBe('pick: g5g.xlarge');
    expect(await page.locator('#memory .offload').count()).toBe(12);
    await page.hover('#pareto .pt.pick');
    const tip = page.locator('#tooltip');
    await tip.waitFor({ state: 'visible' });
    expect(await tip.textContent()).toMatch(/g5g\.xlarge.*\(pick\).*895 tokens\/s/);

    expect(new URL(page.url()).searchParams.get('sloTps')).toBe('400');
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
    expect(await smallestChartTextPx(page)).toBeGreaterThanOrEqual(11);
    // Rejections and warnings in the page's words too.
    expect(await page.textContent('#results')).not.toMatch(/--[a-z]/);
    mkdirSync(SHOTS, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: resolve(SHOTS, 'planner.png'), fullPage: false });

    // API errors land next to their fields, in the page's words (labels, never CLI flags).
    await page.fill('#inputTokens', '-5');
    await page.fill('#maxPrice', '-3');
    await page.fill('#region', 'us-eas-1');
    await page.click('#submit');
    await page.locator('#err-inputTokens').filter({ hasText: 'positive whole number' }).waitFor();
    expect(await page.getAttribute('#inputTokens', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#err-maxPrice')).toBe("'-3' is not a positive number");
    expect(await page.textContent('#err-region')).toContain('did you mean us-east-1?');
    expect(await page.textContent('#plan')).not.toMatch(/--[a-z]/);
    // The first invalid control has the focus, so a keyboard user lands on it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('inputTokens');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('at 390 px (a phone): no sideways scroll, chart text at least 11 px, the example planned on load', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/`);
    await page.locator('#pick-text').waitFor();
    expect(await page.locator('#pick-text').textContent()).toContain('g5g.xlarge');
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
    expect(await smallestChartTextPx(page)).toBeGreaterThanOrEqual(11);
    await page.click('#ranked-more');
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
    await page.locator('#pareto').scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve(SHOTS, 'planner-390.png'), fullPage: false });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('works from the keyboard: every control labelled, Enter in a field replans', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${server.url}/`);
    await page.locator('#pick-text').waitFor();
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLInputElement>('#plan input, #plan select, #plan textarea')]
        .filter((el) => el.labels === null || el.labels.length === 0)
        .map((el) => el.id),
    );
    expect(unlabelled).toEqual([]);
    await page.focus('#sloTps');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1500');
    await page.keyboard.press('Enter');
    // Every default cloud is searched: Lambda's A100 at $1.99/h is the cheapest that meets 1,500 TPS.
    await page.locator('#pick-text').filter({ hasText: 'gpu_1x_a100' }).waitFor();
    expect(new URL(page.url()).searchParams.get('sloTps')).toBe('1500');
    await page.close();
  }, 90_000);

  it('every mode works from the keyboard: arrows choose the mode, its controls are labelled, Enter runs it', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${server.url}/`);
    await page.locator('#pick-text').waitFor();
    await page.focus('input[name="mode"][value="recommend"]');
    const seen: string[] = [];
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('ArrowRight');
      const mode = await page.evaluate(
        () => (document.querySelector('input[name="mode"]:checked') as HTMLInputElement).value,
      );
      seen.push(mode);
      // Every control Tab reaches in this mode has a label.
      const unlabelled = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLInputElement>('#plan input, #plan select, #plan textarea')]
          .filter((el) => !el.disabled && el.offsetParent !== null && el.type !== 'radio')
          .filter((el) => el.labels === null || el.labels.length === 0)
          .map((el) => el.id),
      );
      expect(unlabelled, mode).toEqual([]);
    }
    expect(seen).toEqual(['latency', 'capacity', 'compare', 'simulate', 'mix', 'provision', 'fleet']);
    // Back to the self-host vs API mode; Enter in a field runs it, and Tab reaches the break-even point.
    await page.focus('input[name="mode"][value="simulate"]');
    await page.keyboard.press('ArrowLeft');
    await page.focus('#tokensPerMonth');
    await page.keyboard.press('Enter');
    await page.locator('#cmp-text').waitFor();
    await page.focus('#cmp-chart .break-even');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(
      /^break-even: self-hosting on-demand/,
    );
    await page.close();
  }, 120_000);

  it('a shared URL refills the form and replans', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const query = new URLSearchParams({
      ...EXAMPLE,
      sloTps: '1500',
      cloud: 'aws',
      region: 'us-east-1',
      precision: 'fp16',
    });
    await page.goto(`${server.url}/?${query}`);
    await page.locator('#pick-text').waitFor();
    expect(await page.inputValue('#model')).toBe(EXAMPLE.model);
    expect(await page.inputValue('#sloTps')).toBe('1500');
    expect(await page.inputValue('#batchSize')).toBe('32');
    expect(await page.inputValue('#precision')).toBe('fp16');
    expect(await page.inputValue('#cloud')).toBe('aws');
    // g5.xlarge predicts 1,527.7 TPS but only 1,497 at the p90 edge of its band (recommend's default
    // --margin p90): below 1,500, so the pick is the next instance that meets it with that confidence.
    expect(await page.locator('#pick-text').textContent()).toContain('g6e.xlarge');
    await page.close();
  }, 90_000);

  it('a pasted config.json plans that model; a bad one is answered next to the paste box', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${server.url}/?${new URLSearchParams(EXAMPLE)}`);
    await page.locator('#pick-text').waitFor();
    await page.click('#paste summary');
    await page.fill('#modelConfig', '{"model_type": "llama", "num_hidden_layers": 2');
    await page.click('#submit');
    expect(await page.textContent('#err-modelConfig')).toContain('not valid JSON');
    await page.fill('#modelConfig', '{"model_type": "llama", "num_hidden_layers": 2}');
    await page.click('#submit');
    const err = page.locator('#err-modelConfig').filter({ hasText: 'hidden_size' });
    await err.waitFor();
    expect(await err.textContent()).not.toContain('modelConfig.');
    expect(await page.getAttribute('#modelConfig', 'aria-invalid')).toBe('true');
    if (existsSync(LLAMA_CONFIG)) {
      await page.fill('#modelConfig', readFileSync(LLAMA_CONFIG, 'utf8'));
      await page.click('#submit');
      await page.locator('#status').filter({ hasText: 'done' }).waitFor();
      expect(await page.textContent('#err-modelConfig')).toBe('');
      expect(await page.textContent('#pick .why')).toContain('meet 400 tokens/s');
    }
    await page.close();
  }, 90_000);

  it('capacity-mix mode has the paste box: a pasted config.json plans the mix, a bad one is answered beside it', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/?mode=mix`);
    await page.locator('body[data-ready="true"]').waitFor();
    await page.click('#example');
    expect(await page.isVisible('#paste summary')).toBe(true);
    await page.click('#paste summary');
    await page.fill('#modelConfig', '{"model_type": "llama", "num_hidden_layers": 2}');
    await page.click('#submit');
    await page.locator('#err-modelConfig').filter({ hasText: 'hidden_size' }).waitFor();
    expect(await page.getAttribute('#modelConfig', 'aria-invalid')).toBe('true');
    if (existsSync(LLAMA_CONFIG)) {
      await page.fill('#modelConfig', readFileSync(LLAMA_CONFIG, 'utf8'));
      await page.click('#submit');
      await page.locator('#status').filter({ hasText: 'done' }).waitFor();
      expect(await page.textContent('#err-modelConfig')).toBe('');
      expect(await page.textContent('#mix-text')).toMatch(/reserved A100-80GB replicas/);
    }
    // On a phone, the open paste box and its answer fit the width.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.isVisible('#modelConfig')).toBe(true);
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  for (const viewport of [
    { width: 1366, height: 1000 },
    { width: 390, height: 844 },
  ]) {
    const phone = viewport.width < 500 ? '-390' : '';

    it(`latency-SLO mode at ${viewport.width} px: the example's pick, why, its error band, ranked and rejected types`, async () => {
      const page = await browser.newPage({ viewport });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/`);
      await page.locator('#pick-text').waitFor();
      await page.check('input[name="mode"][value="latency"]');
      // The mode's example fills its empty fields: one click answers.
      expect(await page.inputValue('#rate')).toBe('5');
      expect(await page.inputValue('#instances')).toBe('g6e.*,g6.*,g5.*,g4dn.*');
      expect(await page.isVisible('#batchSize')).toBe(false);
      expect(await page.isVisible('#sloTtftP95')).toBe(true);
      await page.click('#submit');
      await page.locator('#lat-pick-text').waitFor();
      expect(await page.isVisible('#results')).toBe(false);
      expect(await page.textContent('#lat-pick-text')).toMatch(
        /1× g6e\.xlarge — 1× L40S, bf16: \$1\.86\/h for the fleet/,
      );
      expect(await page.textContent('#lat-pick')).toMatch(
        /TTFT P95 \d+ ms ≤ 1\.00 s ✓, TPOT P95 [\d.]+ ms ≤ 100 ms ✓/,
      );
      expect(await page.textContent('#lat-band')).toMatch(/prefill ×0\.\d\d–×1\.\d\d, decode ×/);
      expect(await page.locator('#lat-ranked tbody tr:visible').count()).toBe(10);
      expect(await page.locator('#lat-ranked tr.is-pick').count()).toBe(1);
      expect(await page.textContent('#lat-rejected')).toContain('KV cache too small on 1× T4');
      expect(new URL(page.url()).searchParams.get('mode')).toBe('latency');
      expect(await page.textContent('#lat-results')).not.toMatch(/--[a-z]/);
      expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
      await page.locator('#lat-results').scrollIntoViewIfNeeded();
      await page.screenshot({ path: resolve(SHOTS, `planner-latency${phone}.png`) });
      // Errors beside their fields, in the page's words; a missing rate is named before anything runs.
      await page.fill('#sloTpotP95', 'fast');
      await page.fill('#rate', '');
      await page.click('#submit');
      expect(await page.textContent('#err-rate')).toBe('required');
      await page.fill('#rate', '5');
      await page.click('#submit');
      await page.locator('#err-sloTpotP95:not(:empty)').waitFor();
      expect(await page.getAttribute('#sloTpotP95', 'aria-invalid')).toBe('true');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('sloTpotP95');
      expect(await page.textContent('#plan')).not.toMatch(/--[a-z]/);
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);

    it(`capacity mode at ${viewport.width} px: requests/s per instance as bars with 11 px text, the table and a shared URL`, async () => {
      const page = await browser.newPage({ viewport });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/?mode=capacity`);
      await page.locator('body[data-ready="true"]').waitFor();
      await page.click('#example');
      expect(await page.inputValue('#instances')).toBe('g6e.*,g6.*,g5.*');
      await page.click('#submit');
      await page.locator('#cap-text').waitFor();
      // Four L40S replicas behind the router serve six times one L40S's rate within these targets.
      expect(await page.textContent('#cap-text')).toMatch(
        /g6e\.12xlarge \(4× L40S\) serves up to 30\.7 requests\/s \(7\.67 per GPU\)/,
      );
      expect(await page.locator('#cap-table tbody tr').count()).toBe(16);
      expect(await page.locator('#cap-chart rect.bar').count()).toBe(12);
      expect(await page.locator('#cap-chart .pick-label').textContent()).toBe('◆ g6e.12xlarge');
      // Bisected answers carry the lowest rate that missed as a whisker; rejections say which P95 missed.
      expect(await page.locator('#cap-chart .whisker').count()).toBeGreaterThan(0);
      expect(await page.textContent('#cap-rejected')).toContain('misses the P95 targets even at');
      expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
      expect(await smallestChartTextPx(page)).toBeGreaterThanOrEqual(11);
      await page.locator('#cap-results').scrollIntoViewIfNeeded();
      await page.screenshot({ path: resolve(SHOTS, `planner-capacity${phone}.png`) });
      // The plan is in the URL: opening it again refills the form and answers.
      const url = page.url();
      expect(new URL(url).searchParams.get('instances')).toBe('g6e.*,g6.*,g5.*');
      const again = await browser.newPage({ viewport });
      await again.goto(url);
      await again.locator('#cap-text').waitFor();
      expect(await again.inputValue('#sloTtftP95')).toBe('500ms');
      await again.close();
      // A bad value beside its field.
      await page.fill('#inputTokens', '0');
      await page.click('#submit');
      await page.locator('#err-inputTokens:not(:empty)').waitFor();
      expect(await page.textContent('#plan')).not.toMatch(/--[a-z]/);
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);

    it(`self-host vs API mode at ${viewport.width} px: the answer at the volume, the cost-vs-volume chart with the break-even marked`, async () => {
      const page = await browser.newPage({ viewport });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/`);
      await page.locator('#pick-text').waitFor();
      await page.check('input[name="mode"][value="compare"]');
      expect(await page.inputValue('#model')).toBe('meta-llama/Llama-3.1-70B');
      expect(await page.isVisible('#apiModel')).toBe(true);
      expect(await page.isVisible('#sloTps')).toBe(false);
      await page.click('#submit');
      await page.locator('#cmp-text').waitFor();
      expect(await page.textContent('#cmp-text')).toMatch(
        /At 2B tokens a month, self-hosting costs \$4,301 a month .*the cheapest API, Llama-3\.3-70B-Instruct \(deepinfra\), costs \$573/,
      );
      // Together's $0.88/M breaks even with self-hosting on demand; the cheaper APIs never do.
      expect(await page.textContent('#cmp-breakeven')).toMatch(
        /Llama-3\.3-70B-Instruct-Turbo \(together_ai\): self-hosting costs no more on-demand from 5\.8B tokens a month/,
      );
      expect(await page.locator('#cmp-apis tbody tr').count()).toBe(3);
      expect(await page.textContent('#cmp-apis')).toContain('2026-07-24');
      // Two self-hosting lines and three API lines, the break-even point labelled, the volume marked.
      expect(await page.locator('#cmp-chart path.series').count()).toBe(5);
      expect(await page.locator('#cmp-chart .break-even').count()).toBe(1);
      expect(await page.locator('#cmp-chart .be-label').textContent()).toBe('break-even 5.8B/mo');
      expect(await page.locator('#cmp-chart .volume').count()).toBe(1);
      expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
      expect(await smallestChartTextPx(page)).toBeGreaterThanOrEqual(11);
      expect(new URL(page.url()).searchParams.get('mode')).toBe('compare');
      await page.locator('#cmp-results').scrollIntoViewIfNeeded();
      await page.screenshot({ path: resolve(SHOTS, `planner-compare${phone}.png`) });
      // Every problem at once, each beside its field in the page's words.
      await page.fill('#apiModel', 'groq/llama-3.3-70b-versatil');
      await page.fill('#cloud', 'aws,oracel');
      await page.fill('#apiUsdPerMillionInput', '0');
      await page.fill('#apiUsdPerMillionOutput', '1');
      await page.click('#submit');
      await page.locator('#err-apiModel:not(:empty)').waitFor();
      expect(await page.textContent('#err-apiModel')).toContain('did you mean groq/llama-3.3-70b-versatile?');
      expect(await page.textContent('#err-cloud')).toContain("unknown cloud 'oracel'");
      expect(await page.textContent('#err-apiUsdPerMillionInput')).toContain('must be more than $0');
      expect(await page.textContent('#plan')).not.toMatch(/--[a-z]/);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('apiModel');
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);

    it(`capacity-mix mode at ${viewport.width} px: replicas per window stacked against the demand, the three plans, the autoscaling target`, async () => {
      const page = await browser.newPage({ viewport });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/`);
      await page.locator('#pick-text').waitFor();
      await page.check('input[name="mode"][value="mix"]');
      // The mode's example fills its fields: one click answers.
      expect(await page.inputValue('#profileMeanRate')).toBe('20');
      expect(await page.inputValue('#window')).toBe('1h');
      expect(await page.isVisible('#batchSize')).toBe(false);
      expect(await page.isVisible('#requests')).toBe(false);
      await page.click('#submit');
      await page.locator('#mix-text').waitFor();
      expect(await page.isVisible('#results')).toBe(false);
      expect(await page.textContent('#mix-text')).toMatch(
        /\d+ reserved A100-80GB replicas and [\d.,]+ on-demand GPU-hours above them: \$[\d,.]+ over 168 h .* less than all on-demand and .* less than reserving the peak/,
      );
      expect(await page.textContent('#mix-summary')).toContain('a diurnal profile: mean 20 requests/s');
      expect(await page.locator('#mix-plans tbody tr').count()).toBe(3);
      expect(await page.locator('#mix-plans tr.is-pick').count()).toBe(1);
      expect(await page.textContent('#mix-hpa')).toMatch(
        /vllm:num_requests_waiting.*target of [\d.]+ requests waiting/,
      );
      // Reserved runs at the bottom, on-demand above them, the demand as a step line.
      expect(await page.locator('#mix-chart rect.area-reserved').count()).toBeGreaterThan(1);
      expect(await page.locator('#mix-chart rect.area-on-demand').count()).toBeGreaterThan(0);
      expect(await page.locator('#mix-chart path.needed').count()).toBe(1);
      expect(new URL(page.url()).searchParams.get('mode')).toBe('mix');
      expect(await page.textContent('#mix-results')).not.toMatch(/--[a-z]/);
      expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
      expect(await smallestChartTextPx(page)).toBeGreaterThanOrEqual(11);
      await page.locator('#mix-results').scrollIntoViewIfNeeded();
      await page.screenshot({ path: resolve(SHOTS, `planner-mix${phone}.png`) });
      // Every problem beside its field, in the page's words: the page's own (a duration) and the API's.
      await page.fill('#window', 'hourly');
      await page.click('#submit');
      expect(await page.textContent('#err-window')).toContain('a duration such as');
      await page.fill('#window', '1h');
      await page.fill('#profileAmplitude', '2');
      await page.selectOption('#mixCloud', 'gcp');
      await page.click('#submit');
      await page.locator('#err-profileAmplitude:not(:empty)').waitFor();
      expect(await page.textContent('#err-profileAmplitude')).not.toContain('profile.');
      expect(await page.getAttribute('#profileAmplitude', 'aria-invalid')).toBe('true');
      await page.fill('#profileAmplitude', '0.5');
      await page.click('#submit');
      await page.locator('#err-reservedUsdPerGpuHour:not(:empty)').waitFor();
      expect(await page.textContent('#err-reservedUsdPerGpuHour')).toMatch(/“…or reserved discount \(0–1\)”/);
      expect(await page.textContent('#plan')).not.toMatch(/--[a-z]/);
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);

    it(`provision mode at ${viewport.width} px: a synthetic quiet–busy–quiet trace, GPUs and SLO attainment per window per strategy, the totals; a CSV trace file`, async () => {
      const page = await browser.newPage({ viewport });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/?mode=provision`);
      await page.locator('body[data-ready="true"]').waitFor();
      await page.click('#example');
      expect(await page.inputValue('#traceBusyRate')).toBe('8');
      expect(await page.isVisible('#region')).toBe(false);
      await page.click('#submit');
      await page.locator('#prov-text').waitFor();
      expect(await page.textContent('#prov-text')).toMatch(
        /OASIS uses [\d.]+ GPU-hours .* against [\d.]+ \(\$[\d.]+\) for static peak provisioning — \d+% fewer — and meets the P95 targets for \d+% of the requests/,
      );
      expect(await page.textContent('#prov-summary')).toContain(
        'synthetic, quiet 1 – busy 8 – quiet 1 requests/s for 4m each',
      );
      expect(await page.locator('#prov-totals tbody tr').count()).toBe(3);
      expect(await page.locator('#prov-windows tbody tr').count()).toBe(12);
      // Two panels (GPUs, SLO met) of three strategies each, drawn as steps.
      expect(await page.locator('#prov-chart path.series').count()).toBe(6);
      expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
      expect(await smallestChartTextPx(page)).toBeGreaterThanOrEqual(11);
      expect(await page.textContent('#prov-results')).not.toMatch(/--[a-z]/);
      await page.locator('#prov-results').scrollIntoViewIfNeeded();
      await page.screenshot({ path: resolve(SHOTS, `planner-provision${phone}.png`) });
      // A CSV trace in the Azure 2023 format, read in the browser.
      const rows = ['TIMESTAMP,ContextTokens,GeneratedTokens'];
      for (let i = 0; i < 600; i++)
        rows.push(
          `2023-11-16 18:${String(10 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.5000000,${300 + (i % 7) * 100},${50 + (i % 5) * 40}`,
        );
      await page.setInputFiles('#traceFile', {
        name: 'azure.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(rows.join('\n')),
      });
      await page.locator('#hint-traceFile').filter({ hasText: 'Using azure.csv' }).waitFor();
      await page.click('#submit');
      await page.locator('#prov-summary').filter({ hasText: 'azure.csv, 600 requests' }).waitFor();
      expect(await page.locator('#prov-windows tbody tr').count()).toBe(10);
      if (!phone) {
        // A file over the server's body limit (its x-limits): as many requests as fit are sent, and the
        // results say how many of how many.
        const big = ['TIMESTAMP,ContextTokens,GeneratedTokens'];
        for (let i = 0; i < 8000; i++)
          big.push(
            `2023-11-16 18:${String(10 + Math.floor(i / 600)).padStart(2, '0')}:${String(Math.floor(i / 10) % 60).padStart(2, '0')}.${i % 10}000000,${300 + (i % 7) * 100},${50 + (i % 5) * 40}`,
          );
        await page.setInputFiles('#traceFile', {
          name: 'big.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(big.join('\n')),
        });
        await page.locator('#hint-traceFile').filter({ hasText: 'Using big.csv, 8,000 requests' }).waitFor();
        expect(await page.textContent('#hint-traceFile')).toContain('request body limit of 65,536 bytes');
        await page.click('#submit');
        const summary = page.locator('#prov-summary').filter({ hasText: 'big.csv, 8,000 requests' });
        await summary.waitFor({ timeout: 60_000 });
        expect(await summary.textContent()).toMatch(
          /big\.csv, 8,000 requests — the first [\d,]+ sent, as many as fit this server's request body limit of 65,536 bytes/,
        );
      }
      // A file in another format is answered beside the file control.
      await page.setInputFiles('#traceFile', {
        name: 'bad.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('time,in,out\n1,2,3\n'),
      });
      await page
        .locator('#err-traceFile')
        .filter({ hasText: 'TIMESTAMP, ContextTokens and GeneratedTokens' })
        .waitFor();
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);

    it(`fleet mode at ${viewport.width} px: the cheapest mix of instance types against the best single type, who serves which size`, async () => {
      const page = await browser.newPage({ viewport });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/`);
      await page.locator('#pick-text').waitFor();
      await page.check('input[name="mode"][value="fleet"]');
      expect(await page.inputValue('#fleetSizes')).toBe('100, 50, 0.7\n2000, 200, 0.3');
      expect(await page.isVisible('#inputTokens')).toBe(false);
      expect(await page.isVisible('#apiModel')).toBe(false);
      expect(await page.isVisible('#cloud')).toBe(true);
      await page.click('#submit');
      await page.locator('#fleet-text').waitFor();
      expect(await page.textContent('#fleet-text')).toMatch(
        /1× g5\.xlarge \+ 1× g6e\.xlarge at \$2\.87\/h — \$0\.8550\/h \(23%\) less than the best single type, 2× g6e\.xlarge at \$3\.72\/h/,
      );
      expect(await page.textContent('#fleet-replay')).toMatch(/the mix: meets the targets/);
      expect(await page.locator('#fleet-shares tbody tr').count()).toBe(2);
      expect(await page.locator('#fleet-types tbody tr').count()).toBe(3);
      // Two bars: the mix in two segments, the single type in one.
      expect(await page.locator('#fleet-chart rect[class^="seg-"]').count()).toBeGreaterThanOrEqual(3);
      expect(new URL(page.url()).searchParams.get('mode')).toBe('fleet');
      expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
      expect(await smallestChartTextPx(page)).toBeGreaterThanOrEqual(11);
      expect(await page.textContent('#fleet-results')).not.toMatch(/--[a-z]/);
      await page.locator('#fleet-results').scrollIntoViewIfNeeded();
      await page.screenshot({ path: resolve(SHOTS, `planner-fleet${phone}.png`) });
      // A bad size line is named beside the sizes; the API's problems beside their fields.
      await page.fill('#fleetSizes', '100, 50, 0.7\n2000 tokens');
      await page.click('#submit');
      expect(await page.textContent('#err-fleetSizes')).toContain(
        "line 2: '2000 tokens' is not input tokens, output tokens, weight",
      );
      await page.fill('#fleetSizes', '100, 50, 0.7');
      await page.fill('#cloud', 'aws,oracel');
      await page.click('#submit');
      await page.locator('#err-cloud:not(:empty)').waitFor();
      expect(await page.textContent('#err-cloud')).toContain("unknown cloud 'oracel'");
      expect(await page.textContent('#plan')).not.toMatch(/--[a-z]/);
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);

    it(`simulate mode at ${viewport.width} px: summary, SLO verdict, percentiles and the timeline chart`, async () => {
      const page = await browser.newPage({ viewport });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/`);
      await page.locator('#pick-text').waitFor();
      await page.check('input[name="mode"][value="simulate"]');
      await page.click('#example');
      expect(await page.isVisible('#batchSize')).toBe(false);
      expect(await page.inputValue('#instance')).toBe('g6e.xlarge');
      await page.click('#submit');
      await page.locator('#sim-text').waitFor();
      expect(await page.isVisible('#results')).toBe(false);
      expect(await page.textContent('#sim-text')).toMatch(
        /meta-llama\/Llama-3\.1-8B on g6e\.xlarge \(1× L40S\).*served 300 of 300 requests/,
      );
      expect(await page.textContent('#sim-verdict')).toContain('Meets the P95 SLO');
      expect(await page.locator('#sim-percentiles tbody tr').count()).toBe(4);
      expect(await page.locator('#timeline path.series').count()).toBe(4);
      expect(new URL(page.url()).searchParams.get('mode')).toBe('simulate');
      expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
      expect(await smallestChartTextPx(page)).toBeGreaterThanOrEqual(11);
      await page.locator('#sim-results').scrollIntoViewIfNeeded();
      await page.screenshot({
        path: resolve(SHOTS, `planner-simulate${viewport.width < 500 ? '-390' : ''}.png`),
      });
      // A bad duration is answered next to its field, in the page's words.
      await page.fill('#sloTtftP95', 'soon');
      await page.click('#submit');
      await page.locator('#err-sloTtftP95:not(:empty)').waitFor();
      expect(await page.textContent('#plan')).not.toMatch(/--[a-z]/);
      expect(errors).toEqual([]);
      await page.close();
    }, 90_000);
  }
});
