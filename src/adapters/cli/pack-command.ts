import Table from 'cli-table3';
import { withWordedWarnings } from '../../app/issue-json.js';
import { OptionReader } from '../../app/option-reader.js';
import { type PackResult, pack } from '../../app/pack.js';
import { PACK_DEFAULTS, parsePackRequest } from '../../app/pack-request.js';
import type { PlannerData } from '../../app/planner-data.js';
import { NO_PROGRESS, type Progress, stepCallback } from '../../app/progress.js';
import { formatNumber, formatPercent, formatUsd } from '../../messages/format.js';
import type { CommandOutput } from '../command-output.js';
import { catalogBundle } from '../fs/catalog-bundle.js';
import { readStructuredFile } from '../fs/read-structured-file.js';
import { loadHighsSolver } from '../solver/highs-milp-solver.js';
import { renderErrors, renderWarnings } from '../text/render-issues.js';
import { COMPACT_TABLE } from '../text/table-style.js';

const tableStyle = (head: string[]) => new Table({ head, ...COMPACT_TABLE });

/** The catalogs packing reads (shared with provisioning and the HTTP API). */
export const packData = catalogBundle;

/** `infersave pack --tenants FILE`: several models onto the fewest GPUs, MIG slices or whole. */
export async function runPack(
  raw: Record<string, unknown>,
  data: PlannerData,
  progress: Progress = NO_PROGRESS,
): Promise<CommandOutput> {
  const o = new OptionReader(raw);
  const file = o.text('tenants');
  if (file === undefined) {
    return {
      exitCode: 2,
      stdout: '',
      stderr: renderErrors(
        [
          {
            code: 'missing-option',
            path: '--tenants',
            message: 'a JSON or YAML file of tenants (see docs/oasis.md)',
          },
        ],
        'pack',
      ),
    };
  }
  const read = readStructuredFile(file, '--tenants');
  if (!read.ok) return { exitCode: 2, stdout: '', stderr: renderErrors(read.issues, 'pack') };
  const body: Record<string, unknown> =
    read.value !== null && typeof read.value === 'object' && !Array.isArray(read.value)
      ? { ...(read.value as Record<string, unknown>) }
      : { tenants: read.value };
  // Flags override the file.
  if (o.text('gpu') !== undefined) body.gpu = o.text('gpu');
  const objective = o.oneOf('objective', ['gpus', 'cost'] as const);
  if (objective !== undefined) body.objective = objective;
  const price = o.positiveNumber('usdPerGpuHour');
  if (price !== undefined) body.usdPerGpuHour = price;
  if (raw.mig === false) body.allowMig = false;
  const request = parsePackRequest(body, `--tenants ${file}`);
  const loaded = packData(data);
  const issues = [...o.issues, ...(request.ok ? [] : request.issues), ...(loaded.ok ? [] : loaded.issues)];
  if (!request.ok || !loaded.ok || issues.length > 0)
    return { exitCode: 2, stdout: '', stderr: renderErrors(issues, 'pack') };
  const solver = await loadHighsSolver();
  const result = pack(request.value, loaded.value, solver, stepCallback(progress, 'capacity'));
  progress.stop();
  if (!result.ok) {
    const bad = result.issues.some((i) => i.code !== 'packing-infeasible');
    return { exitCode: bad ? 2 : 1, stdout: '', stderr: renderErrors(result.issues, 'pack') };
  }
  if (o.flag('json'))
    return {
      exitCode: 0,
      stdout: `${JSON.stringify(withWordedWarnings(result.value), null, 2)}\n`,
      stderr: '',
    };
  return { exitCode: 0, stdout: renderPack(result.value), stderr: '' };
}

function optionLabel(profile: string | null): string {
  return profile ?? 'whole GPU';
}

export function renderPack(r: PackResult): string {
  const s = r.settings;
  const lines: string[] = [];
  lines.push(
    `Packing ${r.tenants.length} tenant(s) onto ${s.gpu} (${s.allowMig ? 'MIG slices or whole GPUs' : 'whole GPUs only'}) · objective ${s.objective} · $${formatNumber(s.usdPerGpuHour, 3)}/GPU-h (${s.priceSource})`,
  );
  lines.push(
    `capacity: simulator bisection, ${s.probeRequests} requests per probe, seed ${s.seed} (defaults: gpu ${PACK_DEFAULTS.gpu}, objective ${PACK_DEFAULTS.objective}, probeRequests ${PACK_DEFAULTS.probeRequests})`,
    '',
  );
  const profiles = [...new Set(r.capacities.map((c) => c.profile))];
  const cap = tableStyle(['tenant', 'req/s', ...profiles.map(optionLabel)]);
  for (const t of r.tenants) {
    cap.push([
      t.name,
      formatNumber(t.requestsPerSecond, 2),
      ...profiles.map((p) => {
        const c = r.capacities.find((x) => x.tenant === t.name && x.profile === p);
        return !c || c.maxRequestsPerSecond === 0
          ? c?.reason
            ? 'does not fit'
            : '0'
          : formatNumber(c.maxRequestsPerSecond, 2);
      }),
    ]);
  }
  lines.push(
    'Maximum serviceable rate of one replica (req/s within each tenant’s P95 targets):',
    cap.toString(),
    '',
  );
  const plan = tableStyle(['GPUs', 'layout']);
  for (const g of r.plan.gpus) plan.push([String(g.count), g.layout]);
  lines.push(
    `Plan (${r.solver.provenOptimal ? 'proven optimal' : `not proven optimal: ${r.solver.status}`} by ${r.solver.name} over ${r.solver.layoutsConsidered} layouts):`,
    plan.toString(),
  );
  const reps = tableStyle(['tenant', 'replicas', 'on', 'capacity req/s', 'load share']);
  for (const x of r.plan.replicas) {
    const tenant = r.tenants.find((t) => t.name === x.tenant);
    const total = r.plan.replicas
      .filter((y) => y.tenant === x.tenant)
      .reduce((a, y) => a + y.count * y.capacityRequestsPerSecond, 0);
    reps.push([
      x.tenant,
      String(x.count),
      optionLabel(x.option.profile),
      formatNumber(x.count * x.capacityRequestsPerSecond, 2),
      formatPercent((tenant?.requestsPerSecond ?? 0) / total),
    ]);
  }
  lines.push(reps.toString(), '');
  lines.push(`Total: ${r.plan.gpuCount} GPU(s), ${formatUsd(r.plan.usdPerHour)}/h`);
  if (r.onePerModel && r.savings)
    lines.push(
      `One GPU per model: ${r.onePerModel.gpuCount} GPU(s), ${formatUsd(r.onePerModel.usdPerHour)}/h → packing saves ${r.savings.gpus} GPU(s), ${formatUsd(r.savings.usdPerHour)}/h (${formatPercent(r.savings.fraction)})`,
    );
  lines.push('');
  return lines.join('\n') + renderWarnings(r.warnings);
}
